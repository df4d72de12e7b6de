package io.parley.persister.entity;

/** Who may find and join a group; DIRECT is a conversation between exactly two users. */
public enum Visibility {
    PUBLIC, PRIVATE, DIRECT
}
