package io.parley.insights.rest;

import java.util.List;

/** An error answered as an RFC 9457 problem; thrown by services, rendered by {@link ProblemMappers}. */
public class ProblemException extends RuntimeException {

    public static final String TYPE_INVALID = "urn:parley:problem:invalid-request";
    public static final String TYPE_NOT_FOUND = "urn:parley:problem:not-found";
    public static final String TYPE_CONFLICT = "urn:parley:problem:conflict";

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

    public Problem toProblem(String instance) {
        return new Problem(type, title, status, getMessage(), instance, errors);
    }
}
