namespace Blazar.Extensions;

internal static class BodyValidation
{
    /// <summary>
    /// Answers, before the handler runs, every request whose <see cref="Body{T}"/> could not be read (413, 400)
    /// or is invalid (400 with field errors).
    /// </summary>
    public static TBuilder ValidateBodies<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            foreach (var argument in context.Arguments)
            {
                if (argument is not IRequestBody body)
                    continue;
                if (body.Problem is { } problem)
                    return problem;
                if (body.Validate() is { Count: > 0 } errors)
                    return JsonBody.Invalid(errors);
            }
            return await next(context);
        });
}
