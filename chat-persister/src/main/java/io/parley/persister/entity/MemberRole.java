package io.parley.persister.entity;

public enum MemberRole {
    MEMBER, ADMIN
}
