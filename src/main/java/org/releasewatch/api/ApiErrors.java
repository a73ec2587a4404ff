package org.releasewatch.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.codec.CodecException;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.json.JsonSyntaxException;
import io.micronaut.web.router.exceptions.UnsatisfiedBodyRouteException;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.releasewatch.broker.WriteUnavailable;
import org.releasewatch.delivery.SubscriptionAdmin;
import org.releasewatch.delivery.WebhookSettings;
import org.releasewatch.model.BadParameter;
import org.releasewatch.ops.Silences;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Comparator;

/**
 * The one place that turns the API's exceptions into answers: problem JSON (RFC 9457) for every error of every
 * controller, for bodies Micronaut could not bind or validate, and for routes and methods that do not exist.
 * Controllers throw; nothing else answers an error.
 */
@Controller
@Hidden
public class ApiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    private final StreamLimits limits;

    public ApiErrors(StreamLimits limits) {
        this.limits = limits;
    }

    // ---- the request ------------------------------------------------------------------------------------

    @Error(global = true, exception = BadParameter.class)
    public HttpResponse<String> badParameter(BadParameter e) {
        return Problem.of(HttpStatus.BAD_REQUEST, e.getMessage(), e.parameter());
    }

    /** A body that is not JSON, or whose fields have the wrong types, named by field. */
    @Error(global = true, exception = ConversionErrorException.class)
    public HttpResponse<String> unconvertible(ConversionErrorException e) {
        if (e.getArgument() != null && isBody(e)) {
            return badParameter(BodyErrors.of(e));
        }
        String name = e.getArgument() == null ? "parameter" : e.getArgument().getName();
        return Problem.of(HttpStatus.BAD_REQUEST, name + ": " + e.getConversionError().getCause().getMessage(), name);
    }

    @Error(global = true, exception = CodecException.class)
    public HttpResponse<String> undecodable(CodecException e) {
        return badParameter(BodyErrors.of(e));
    }

    @Error(global = true, exception = JsonSyntaxException.class)
    public HttpResponse<String> malformed(JsonSyntaxException e) {
        return badParameter(BodyErrors.of(e));
    }

    @Error(global = true, exception = JsonProcessingException.class)
    public HttpResponse<String> notJson(JsonProcessingException e) {
        return badParameter(BodyErrors.of(e));
    }

    @Error(global = true, exception = UnsatisfiedBodyRouteException.class)
    public HttpResponse<String> noBody(UnsatisfiedBodyRouteException e) {
        return Problem.of(HttpStatus.BAD_REQUEST, "body: is required (a JSON object)", "body");
    }

    @Error(global = true, exception = UnsatisfiedRouteException.class)
    public HttpResponse<String> missing(UnsatisfiedRouteException e) {
        String name = e.getArgument().getName();
        return Problem.of(HttpStatus.BAD_REQUEST, name + ": is required", name);
    }

    /** A request record's constraint failed: the first field (by name) and its constraint's message. */
    @Error(global = true, exception = ConstraintViolationException.class)
    public HttpResponse<String> invalid(ConstraintViolationException e) {
        ConstraintViolation<?> first = e.getConstraintViolations().stream()
                .min(Comparator.comparing(v -> field(v.getPropertyPath()))).orElse(null);
        if (first == null) {
            return Problem.of(HttpStatus.BAD_REQUEST, e.getMessage(), null);
        }
        String field = field(first.getPropertyPath());
        return Problem.of(HttpStatus.BAD_REQUEST, field + ": " + first.getMessage(), field);
    }

    @Error(global = true, status = HttpStatus.NOT_FOUND)
    public HttpResponse<String> noRoute(HttpRequest<?> request) {
        return Problem.of(HttpStatus.NOT_FOUND, "nothing at " + request.getMethodName() + " " + request.getPath(), null);
    }

    @Error(global = true, status = HttpStatus.METHOD_NOT_ALLOWED)
    public HttpResponse<String> noMethod(HttpRequest<?> request) {
        return Problem.of(HttpStatus.METHOD_NOT_ALLOWED, request.getPath() + " does not take " + request.getMethodName(), null);
    }

    @Error(global = true, status = HttpStatus.UNSUPPORTED_MEDIA_TYPE)
    public HttpResponse<String> unsupportedType(HttpRequest<?> request) {
        return Problem.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, request.getPath() + " does not take a body of type "
                + request.getContentType().map(Object::toString).orElse("(none)"), "Content-Type");
    }

    // ---- what the request asks for ----------------------------------------------------------------------

    @Error(global = true, exception = ProblemException.class)
    public HttpResponse<String> problem(ProblemException e) {
        return Problem.of(e.status(), e.getMessage(), e.parameter(), e.members());
    }

    @Error(global = true, exception = NotFound.class)
    public HttpResponse<String> notFound(NotFound e) {
        return Problem.of(HttpStatus.NOT_FOUND, e.getMessage(), null);
    }

    @Error(global = true, exception = SubscriptionAdmin.NotFound.class)
    public HttpResponse<String> noSubscription(SubscriptionAdmin.NotFound e) {
        return Problem.of(HttpStatus.NOT_FOUND, e.getMessage(), null);
    }

    @Error(global = true, exception = SubscriptionAdmin.Conflict.class)
    public HttpResponse<String> conflict(SubscriptionAdmin.Conflict e) {
        return Problem.of(HttpStatus.CONFLICT, e.getMessage(), e.field());
    }

    @Error(global = true, exception = WebhookSettings.InvalidWebhookConfig.class)
    public HttpResponse<String> invalidSubscription(WebhookSettings.InvalidWebhookConfig e) {
        String field = SubscriptionAdmin.apiName(e.field());
        return Problem.of(e.refusedTarget() ? HttpStatus.UNPROCESSABLE_ENTITY : HttpStatus.BAD_REQUEST,
                (field == null ? "" : field + ": ") + e.problem(), field);
    }

    @Error(global = true, exception = SubscriptionAdmin.RefusedTarget.class)
    public HttpResponse<String> refusedTarget(SubscriptionAdmin.RefusedTarget e) {
        return Problem.of(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage(), "url");
    }

    @Error(global = true, exception = Silences.TooMany.class)
    public HttpResponse<String> tooManySilences(Silences.TooMany e) {
        return Problem.of(HttpStatus.CONFLICT, e.getMessage(), null);
    }

    // ---- this instance ----------------------------------------------------------------------------------

    @Error(global = true, exception = StreamSlots.Exhausted.class)
    public HttpResponse<String> tooManyStreams(StreamSlots.Exhausted e) {
        return Problem.of(HttpStatus.TOO_MANY_REQUESTS, e.getMessage(), null)
                .header(HttpHeaders.RETRY_AFTER, seconds(limits.retryAfter()));
    }

    @Error(global = true, exception = InvalidStateStoreException.class)
    public HttpResponse<String> notReady(InvalidStateStoreException e) {
        return Problem.of(HttpStatus.SERVICE_UNAVAILABLE, "the state is being restored or rebalanced; retry shortly", null);
    }

    @Error(global = true, exception = WatchlistApi.NotLoaded.class)
    public HttpResponse<String> watchlistNotLoaded(WatchlistApi.NotLoaded e) {
        return Problem.of(HttpStatus.SERVICE_UNAVAILABLE, "this instance is still loading the watchlist; retry shortly", null);
    }

    @Error(global = true, exception = WriteUnavailable.class)
    public HttpResponse<String> writeUnavailable(WriteUnavailable e) {
        var answer = Problem.of(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), null);
        e.retryAfter().ifPresent(after -> answer.header(HttpHeaders.RETRY_AFTER, seconds(after)));
        return answer;
    }

    @Error(global = true, exception = ApiRouting.InstanceUnavailable.class)
    public HttpResponse<String> instanceUnavailable(ApiRouting.InstanceUnavailable e) {
        return Problem.of(HttpStatus.SERVICE_UNAVAILABLE, "another instance holding part of the answer: " + e.getMessage(), null);
    }

    // ---- anything else ----------------------------------------------------------------------------------

    @Error(global = true, exception = HttpStatusException.class)
    public HttpResponse<String> status(HttpStatusException e) {
        return Problem.of(e.getStatus(), e.getMessage(), null);
    }

    @Error(global = true, status = HttpStatus.NOT_ACCEPTABLE)
    public HttpResponse<String> notAcceptable(HttpRequest<?> request) {
        return Problem.of(HttpStatus.NOT_ACCEPTABLE, request.getPath() + " cannot answer in "
                + request.getHeaders().get(HttpHeaders.ACCEPT), "Accept");
    }

    @Error(global = true, status = HttpStatus.REQUEST_ENTITY_TOO_LARGE)
    public HttpResponse<String> tooLarge(HttpRequest<?> request) {
        return Problem.of(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "the body is larger than this server takes", "body");
    }

    /** A defect, not the client's doing: logged with its stack, answered without it. */
    @Error(global = true, exception = Throwable.class)
    public HttpResponse<String> unexpected(HttpRequest<?> request, Throwable e) {
        LOG.error("{} {} failed", request.getMethodName(), request.getPath(), e);
        return Problem.of(HttpStatus.INTERNAL_SERVER_ERROR, "the request failed inside this instance ("
                + e.getClass().getSimpleName() + "); its log has the details", null);
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private static boolean isBody(ConversionErrorException e) {
        return e.getArgument().getAnnotationMetadata().hasAnnotation(io.micronaut.http.annotation.Body.class)
                || e.getConversionError().getCause() instanceof JsonProcessingException;
    }

    /** A constraint's property path without the method and argument it starts with: {@code replay.body.since} is {@code since}. */
    static String field(Path path) {
        String last = null;
        for (Path.Node node : path) {
            if (node.getKind() == jakarta.validation.ElementKind.PROPERTY || node.getKind() == jakarta.validation.ElementKind.CONTAINER_ELEMENT) {
                last = last == null ? node.getName() : last + "." + node.getName();
            }
        }
        return last == null ? "body" : last;
    }

    private static String seconds(Duration d) {
        return String.valueOf(Math.max(1, d.toSeconds()));
    }
}
