using Blazar.Extensions;
using Blazar.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Blazar.Accounts;

/// <summary>
/// The invitee's side of <c>/api/invitations/{token}</c>: see what the link is for, and accept it by choosing a
/// password (which creates the account and signs it in). The link works once.
/// </summary>
internal static class InvitationsApi
{
    public sealed record Accept(string? Password, string? DisplayName) : IValidatable
    {
        IDictionary<string, string[]> IValidatable.Validate()
        {
            var errors = new Dictionary<string, string[]>();
            Fields.Password(errors, Password);
            Fields.Name(errors, "displayName", DisplayName, required: false);
            return errors;
        }
    }

    public sealed record InvitationInfo(string Email, string Role, DateTimeOffset ExpiresAt);

    public static IEndpointRouteBuilder MapInvitationsApi(this IEndpointRouteBuilder app)
    {
        var invitation = app.MapGroup("/api/invitations/{token}").ValidateBodies().AllowAnonymous().RequireRateLimiting(AccountApi.SignInLimit);
        invitation.MapGet("/", Get);
        invitation.MapPost("/accept", AcceptAsync);
        return app;
    }

    private static async Task<Results<Ok<InvitationInfo>, NotFound>> Get(string token, Invitations invitations, CancellationToken cancellationToken) =>
        await invitations.FindAsync(token, cancellationToken) is { } pending
            ? TypedResults.Ok(new InvitationInfo(pending.Email, pending.Role, pending.ExpiresAt))
            : TypedResults.NotFound();

    private static async Task<Results<NoContent, NotFound, ValidationProblem>> AcceptAsync(
        string token, Body<Accept> body, Invitations invitations, People people, UserManager<BlazarUser> users, SignInManager<BlazarUser> signIn,
        CancellationToken cancellationToken)
    {
        if (await invitations.FindAsync(token, cancellationToken) is not { } pending || !await invitations.TryUseAsync(token, cancellationToken))
            return TypedResults.NotFound();
        var (user, errors) = await people.CreateAsync(users, pending.Email, body.Value.Password!, body.Value.DisplayName, pending.Role);
        if (user is null)
        {
            await invitations.ReleaseAsync(token, CancellationToken.None);
            return TypedResults.ValidationProblem(errors);
        }
        await signIn.SignInAsync(user, isPersistent: true);
        return TypedResults.NoContent();
    }
}
