package org.releasewatch.ops;

import io.micronaut.core.annotation.AnnotationValue;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.validation.validator.constraints.ConstraintValidator;
import io.micronaut.validation.validator.constraints.ConstraintValidatorContext;
import jakarta.inject.Singleton;
import org.releasewatch.model.BadParameter;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Checks {@link OpsLimit}: the bound comes from this instance's {@link OpsConfig}, so it is a bean, not a constant. */
@Singleton
public class OpsLimitValidator implements ConstraintValidator<OpsLimit, Object> {

    private final OpsConfig ops;

    public OpsLimitValidator(OpsConfig ops) {
        this.ops = ops;
    }

    @Override
    public boolean isValid(@Nullable Object value, @NonNull AnnotationValue<OpsLimit> annotation,
                           @NonNull ConstraintValidatorContext context) {
        OpsLimit.Bound bound = annotation.enumValue("value", OpsLimit.Bound.class).orElseThrow();
        Optional<String> beyond = beyond(bound, value, ops);
        beyond.ifPresent(context::messageTemplate);
        return beyond.isEmpty();
    }

    /** What is wrong with {@code value} under {@code bound}, if anything (the message, without the field's name). */
    static Optional<String> beyond(OpsLimit.Bound bound, Object value, OpsConfig ops) {
        return switch (bound) {
            case COMMENT -> value instanceof String s && s.length() > ops.commentMax()
                    ? Optional.of("is longer than " + ops.commentMax() + " characters (releasewatch.ops.comment-max)")
                    : Optional.empty();
            case MATCHER_VALUES -> value instanceof Collection<?> c && c.size() > ops.matcherValuesMax()
                    ? Optional.of("has " + c.size() + " values, more than " + ops.matcherValuesMax()
                    + " (releasewatch.ops.matcher-values-max)")
                    : Optional.empty();
        };
    }

    /** The first bound {@code request} exceeds, for a caller without the validator (a silence read from a tree). */
    static Optional<BadParameter> check(SilenceRequest request, OpsConfig ops) {
        Map<String, Object> checked = new java.util.LinkedHashMap<>();
        if (request.matchers() != null) {
            checked.put("matchers.rules", request.matchers().rules());
            checked.put("matchers.countries", request.matchers().countries());
            checked.put("matchers.personIds", request.matchers().personIds());
            checked.put("matchers.targetIds", request.matchers().targetIds());
        }
        for (var e : checked.entrySet()) {
            Optional<String> beyond = beyond(OpsLimit.Bound.MATCHER_VALUES, e.getValue(), ops);
            if (beyond.isPresent()) {
                return Optional.of(new BadParameter(e.getKey(), beyond.get()));
            }
        }
        return beyond(OpsLimit.Bound.COMMENT, request.comment(), ops).map(m -> new BadParameter("comment", m));
    }
}
