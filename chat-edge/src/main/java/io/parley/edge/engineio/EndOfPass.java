package io.parley.edge.engineio;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.channel.SingleThreadEventLoop;

/**
 * Runs a task at the end of the current pass of an event loop: as a tail task
 * ({@link SingleThreadEventLoop#executeAfterEventLoopIteration}), which runs after every pass's
 * tasks even when the task queue is long; on a loop without tail tasks, as an ordinary task.
 */
public final class EndOfPass {

    private EndOfPass() {
    }

    /** Whether the loop runs tail tasks (NIO, epoll and kqueue loops do; DefaultEventLoop never does). */
    static boolean hasTailTasks(EventLoop loop) {
        return loop instanceof SingleThreadEventLoop && !(loop instanceof DefaultEventLoop);
    }

    /** Runs {@code task} once this pass of {@code loop} has run its tasks. */
    public static void schedule(EventLoop loop, Runnable task) {
        if (hasTailTasks(loop)) {
            ((SingleThreadEventLoop) loop).executeAfterEventLoopIteration(task);
        } else {
            loop.execute(task);
        }
    }
}
