package io.parley.edge.presence;

/**
 * The Lua scripts of presence and sessions. Redis runs a script alone, so each decision ("this is
 * the user's first socket in the room", "its last socket left") is taken atomically for the whole
 * cluster. Keys under {@code P} (ARGV[1]: the key prefix and the hash tag, {@code parley:{presence}:}
 * by default):
 *
 * <ul>
 * <li>{@code P node:<node>} string, expires after the TTL: the node is alive while it exists.
 * <li>{@code P nodes} set of node ids that may hold presence (what a sweep looks at).
 * <li>{@code P node-users:<node>} set of the users with sockets on the node.
 * <li>{@code P user:<user>} hash node -> number of the user's sockets on that node.
 * <li>{@code P user-rooms:<user>} hash {@code <node>|<room>} -> number of the user's sockets
 * on that node in that room.
 * <li>{@code P room:<room>} sorted set user -> expiry (ms): the room's online members.
 * <li>{@code P session:<socketId>} hash {userId, nodeId, rooms (comma separated), connectedAt}.
 * </ul>
 *
 * A count counts only while its node is alive, so a dead node's users look offline as soon as its
 * liveness key expires, before any sweep. Bookkeeping keys live {@code keep} ms (a multiple of the
 * TTL) so that a sweep still finds what a dead node held. The scripts build some keys from
 * {@code P} themselves; on a Redis Cluster that works because every key under {@code P} carries the
 * same hash tag, so all are in the slot of the declared keys (the client routes by KEYS[1]).
 */
final class PresenceScripts {

    private PresenceScripts() {
    }

    /** Shared functions: liveness of a node and "does the user have a live count (in a room)". */
    private static final String LIB = """
            local P = ARGV[1]
            local function alive(node)
              return redis.call('EXISTS', P .. 'node:' .. node) == 1
            end
            local function liveIn(hash, room)
              local f = redis.call('HGETALL', hash)
              local suffix = room and ('|' .. room) or nil
              for i = 1, #f, 2 do
                local node = f[i]
                if suffix then
                  if #node > #suffix and string.sub(node, -#suffix) == suffix then
                    node = string.sub(node, 1, #node - #suffix)
                  else
                    node = nil
                  end
                end
                if node and tonumber(f[i + 1]) > 0 and alive(node) then
                  return true
                end
              end
              return false
            end
            local function nowMs()
              local t = redis.call('TIME')
              return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            end
            """;

    /**
     * A socket connected. KEYS: user hash, node-users, session, nodes. ARGV: P, node, user, keep,
     * ttl, connectedAt. Returns 1 when the user was offline before (first socket, cluster-wide).
     */
    static final String CONNECT = LIB + """
            local node, user, keep, ttl = ARGV[2], ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5])
            local was = liveIn(KEYS[1], nil)
            redis.call('HINCRBY', KEYS[1], node, 1)
            redis.call('PEXPIRE', KEYS[1], keep)
            redis.call('SADD', KEYS[2], user)
            redis.call('PEXPIRE', KEYS[2], keep)
            redis.call('HSET', KEYS[3], 'userId', user, 'nodeId', node, 'rooms', '', 'connectedAt', ARGV[6])
            redis.call('PEXPIRE', KEYS[3], ttl)
            redis.call('SADD', KEYS[4], node)
            if was then return 0 end
            return 1
            """;

    /**
     * A socket joined a room. KEYS: user-rooms, room, session. ARGV: P, node, user, room, ttl, keep,
     * rooms (comma separated, for the session). Returns 1 when it is the user's first socket in the
     * room, cluster-wide.
     */
    static final String JOIN = LIB + """
            local node, user, room = ARGV[2], ARGV[3], ARGV[4]
            local ttl, keep = tonumber(ARGV[5]), tonumber(ARGV[6])
            local was = liveIn(KEYS[1], room)
            redis.call('HINCRBY', KEYS[1], node .. '|' .. room, 1)
            redis.call('PEXPIRE', KEYS[1], keep)
            redis.call('ZADD', KEYS[2], nowMs() + ttl, user)
            redis.call('PEXPIRE', KEYS[2], keep)
            if redis.call('EXISTS', KEYS[3]) == 1 then
              redis.call('HSET', KEYS[3], 'rooms', ARGV[7])
            end
            if was then return 0 end
            return 1
            """;

    /**
     * A socket left a room. KEYS: user-rooms, room, session. ARGV: P, node, user, room, rooms (for
     * the session). Returns 1 when it was the user's last socket in the room, cluster-wide.
     */
    static final String LEAVE = LIB + """
            local node, user, room = ARGV[2], ARGV[3], ARGV[4]
            local field = node .. '|' .. room
            local gone = 0
            if redis.call('HINCRBY', KEYS[1], field, -1) <= 0 then
              redis.call('HDEL', KEYS[1], field)
              if not liveIn(KEYS[1], room) then
                redis.call('ZREM', KEYS[2], user)
                gone = 1
              end
            end
            if redis.call('EXISTS', KEYS[3]) == 1 then
              redis.call('HSET', KEYS[3], 'rooms', ARGV[5])
            end
            return gone
            """;

    /**
     * A socket disconnected. KEYS: user hash, user-rooms, node-users, session. ARGV: P, node, user,
     * then the socket's rooms. Returns {offline (1 when it was the user's last socket cluster-wide),
     * rooms the user is no longer in}.
     */
    static final String DISCONNECT = LIB + """
            local node, user = ARGV[2], ARGV[3]
            local left = {}
            for i = 4, #ARGV do
              local room = ARGV[i]
              local field = node .. '|' .. room
              if redis.call('HINCRBY', KEYS[2], field, -1) <= 0 then
                redis.call('HDEL', KEYS[2], field)
                if not liveIn(KEYS[2], room) then
                  redis.call('ZREM', P .. 'room:' .. room, user)
                  left[#left + 1] = room
                end
              end
            end
            if redis.call('HINCRBY', KEYS[1], node, -1) <= 0 then
              redis.call('HDEL', KEYS[1], node)
              redis.call('SREM', KEYS[3], user)
            end
            redis.call('DEL', KEYS[4])
            local offline = 1
            if liveIn(KEYS[1], nil) then offline = 0 end
            return {offline, left}
            """;

    /**
     * The node is alive: refreshes its liveness key and the expiry of what its sockets hold. It only
     * extends entries that exist (never recreates one a concurrent leave or disconnect removed).
     * KEYS: node liveness, node-users, nodes. ARGV: P, node, ttl, keep, then per user: userId,
     * number of rooms, the rooms, number of sockets, the socket ids.
     */
    static final String REFRESH = LIB + """
            local node, ttl, keep = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
            redis.call('SET', KEYS[1], '1', 'PX', ttl)
            redis.call('SADD', KEYS[3], node)
            local expiry = nowMs() + ttl
            local i = 5
            while i <= #ARGV do
              local user = ARGV[i]
              local uk = P .. 'user:' .. user
              local rk = P .. 'user-rooms:' .. user
              redis.call('PEXPIRE', uk, keep)
              redis.call('PEXPIRE', rk, keep)
              if redis.call('HEXISTS', uk, node) == 1 then
                redis.call('SADD', KEYS[2], user)
              end
              local n = tonumber(ARGV[i + 1])
              i = i + 2
              for j = 1, n do
                local room = ARGV[i]
                if redis.call('HEXISTS', rk, node .. '|' .. room) == 1 then
                  local key = P .. 'room:' .. room
                  redis.call('ZADD', key, 'GT', expiry, user)
                  redis.call('PEXPIRE', key, keep)
                end
                i = i + 1
              end
              n = tonumber(ARGV[i])
              i = i + 1
              for j = 1, n do
                redis.call('PEXPIRE', P .. 'session:' .. ARGV[i], ttl)
                i = i + 1
              end
            end
            redis.call('PEXPIRE', KEYS[2], keep)
            return 1
            """;

    /**
     * Cleans up after a dead node, a batch of its users at a time. KEYS: node-users of the dead node,
     * nodes, its liveness key. ARGV: P, dead node, batch size, "force" to clean a node that looks
     * alive (this node's previous run, at startup). Returns {users left to clean (-1: the node is
     * alive, nothing done), flat list of room, user pairs whose last socket in the room was there}.
     */
    static final String SWEEP_NODE = LIB + """
            local node, batch = ARGV[2], tonumber(ARGV[3])
            if ARGV[4] ~= 'force' and redis.call('EXISTS', KEYS[3]) == 1 then
              return {-1, {}}
            end
            local out = {}
            local prefix = node .. '|'
            local users = redis.call('SPOP', KEYS[1], batch)
            for _, user in ipairs(users) do
              local rk = P .. 'user-rooms:' .. user
              redis.call('HDEL', P .. 'user:' .. user, node)
              for _, field in ipairs(redis.call('HKEYS', rk)) do
                if string.sub(field, 1, #prefix) == prefix then
                  local room = string.sub(field, #prefix + 1)
                  redis.call('HDEL', rk, field)
                  if not liveIn(rk, room) then
                    redis.call('ZREM', P .. 'room:' .. room, user)
                    out[#out + 1] = room
                    out[#out + 1] = user
                  end
                end
              end
            end
            local left = redis.call('SCARD', KEYS[1])
            if left == 0 then
              redis.call('SREM', KEYS[2], node)
            end
            return {left, out}
            """;

    /**
     * Online members of a room. KEYS: room. ARGV: P, most members. Drops expired entries first.
     * Returns {total online, first members}.
     */
    static final String MEMBERS = LIB + """
            local now = nowMs()
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            local total = redis.call('ZCARD', KEYS[1])
            return {total, redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1)}
            """;
}
