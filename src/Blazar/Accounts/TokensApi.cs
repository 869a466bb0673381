using System.Security.Claims;
using Blazar.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Blazar.Accounts;

/// <summary><c>/api/tokens</c>: a person's API tokens (the secret is shown once, at creation).</summary>
internal static class TokensApi
{
    public const int DefaultDays = 90;
    public const int MaxDays = 365;

    public sealed record CreateRequest(string? Name, int? ExpiresInDays) : IValidatable
    {
        IDictionary<string, string[]> IValidatable.Validate()
        {
            var errors = new Dictionary<string, string[]>();
            Fields.Name(errors, "name", Name, required: true);
            if (ExpiresInDays is < 1 or > MaxDays)
                errors["expiresInDays"] = [$"expiresInDays is a whole number from 1 to {MaxDays}."];
            return errors;
        }
    }

    public static IEndpointRouteBuilder MapTokensApi(this IEndpointRouteBuilder app)
    {
        var tokens = app.MapGroup("/api/tokens").ValidateBodies();
        tokens.MapPost("/", Create);
        tokens.MapGet("/", List);
        tokens.MapDelete("/{id}", Revoke);
        return app;
    }

    private static async Task<Created<ApiTokens.CreatedToken>> Create(Body<CreateRequest> body, ClaimsPrincipal user, ApiTokens tokens, CancellationToken cancellationToken)
    {
        var created = await tokens.CreateAsync(user.UserId()!, body.Value.Name!.Trim(), body.Value.ExpiresInDays ?? DefaultDays, cancellationToken);
        return TypedResults.Created($"/api/tokens/{created.Id}", created);
    }

    private static async Task<Ok<ApiTokens.TokenInfo[]>> List(ClaimsPrincipal user, ApiTokens tokens, CancellationToken cancellationToken) =>
        TypedResults.Ok((await tokens.ListAsync(user.UserId()!, cancellationToken)).ToArray());

    private static async Task<Results<NoContent, NotFound>> Revoke(string id, ClaimsPrincipal user, ApiTokens tokens, CancellationToken cancellationToken) =>
        await tokens.RevokeAsync(user.UserId()!, id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
}
