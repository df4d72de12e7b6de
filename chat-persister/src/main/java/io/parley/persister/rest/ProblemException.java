package io.parley.persister.rest;

import java.util.List;

/** An error answered as an RFC 9457 problem; thrown by services, rendered by {@link ProblemMappers}. */
public class ProblemException extends RuntimeException {

    public static final String TYPE_INVALID = "urn:parley:problem:invalid-request";
    public static final String TYPE_NOT_FOUND = "urn:parley:problem:not-found";
    public static final String TYPE_CONFLICT = "urn:parley:problem:conflict";
    public static final String TYPE_UNAUTHORIZED = "urn:parley:problem:unauthorized";
    public static final String TYPE_FORBIDDEN = "urn:parley:problem:forbidden";

    private final int status;
    private final String type;
    private final String title;
    private final List<Problem.FieldError> errors;

    public ProblemException(int status, String type, String title, String detail, List<Problem.FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = errors;
    }

    public static ProblemException invalid(String detail, String field) {
        return new ProblemException(400, TYPE_INVALID, "Invalid request", detail,
                List.of(new Problem.FieldError(field, detail)));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, TYPE_NOT_FOUND, "Not found", detail, null);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, TYPE_CONFLICT, "Conflict", detail, null);
    }

    /** 401: no token, or one that is not valid here (which check failed is not said). */
    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, TYPE_UNAUTHORIZED, "Unauthorized", detail, null);
    }

    /** 403: a valid caller that may not do this. */
    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, TYPE_FORBIDDEN, "Forbidden", detail, null);
    }

    public int status() {
        return status;
    }

    public Problem toProblem(String instance) {
        return new Problem(type, title, status, getMessage(), instance, errors);
    }
}
