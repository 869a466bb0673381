using System.Text.Json;
using Blazar.Extensions;
using Blazar.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Blazar.Accounts;

/// <summary>
/// The invitee's side of <c>/api/invitations/{token}</c>: see what the link is for, and accept it by choosing a
/// password or making a passkey (which creates the account and signs it in). The link works once.
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

    public sealed record PasskeyOptionsRequest(string? DisplayName) : IValidatable
    {
        IDictionary<string, string[]> IValidatable.Validate()
        {
            var errors = new Dictionary<string, string[]>();
            Fields.Name(errors, "displayName", DisplayName, required: false);
            return errors;
        }
    }

    public sealed record AcceptWithPasskey(string? DisplayName, JsonElement Credential) : IValidatable
    {
        IDictionary<string, string[]> IValidatable.Validate()
        {
            var errors = new Dictionary<string, string[]>();
            Fields.Name(errors, "displayName", DisplayName, required: false);
            PasskeyCeremony.Credential(errors, Credential);
            return errors;
        }
    }

    public sealed record InvitationInfo(string Email, string Role, DateTimeOffset ExpiresAt);

    public static IEndpointRouteBuilder MapInvitationsApi(this IEndpointRouteBuilder app)
    {
        var invitation = app.MapGroup("/api/invitations/{token}").ValidateBodies().AllowAnonymous().RateLimited(AccountApi.SignInLimit);
        invitation.MapGet("/", Get);
        invitation.MapPost("/accept", AcceptAsync);
        invitation.MapPost("/passkey-options", PasskeyOptionsAsync);
        invitation.MapPost("/accept-passkey", AcceptWithPasskeyAsync);
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

    // The passkey is made for the account the invitation will create: its id is chosen now and kept in the ceremony.
    private static async Task<Results<ContentHttpResult, NotFound>> PasskeyOptionsAsync(
        string token, Body<PasskeyOptionsRequest> body, Invitations invitations, SignInManager<BlazarUser> signIn, CancellationToken cancellationToken)
    {
        if (await invitations.FindAsync(token, cancellationToken) is not { } pending)
            return TypedResults.NotFound();
        var entity = new PasskeyUserEntity
        {
            Id = Guid.NewGuid().ToString(),
            Name = pending.Email,
            DisplayName = string.IsNullOrWhiteSpace(body.Value.DisplayName) ? pending.Email : body.Value.DisplayName.Trim(),
        };
        return PasskeyCeremony.Json(await signIn.MakePasskeyCreationOptionsAsync(entity));
    }

    private static async Task<Results<NoContent, NotFound, ValidationProblem>> AcceptWithPasskeyAsync(
        string token, Body<AcceptWithPasskey> body, Invitations invitations, People people, UserManager<BlazarUser> users,
        SignInManager<BlazarUser> signIn, HttpContext context, CancellationToken cancellationToken)
    {
        if (await invitations.FindAsync(token, cancellationToken) is not { } pending)
            return TypedResults.NotFound();
        if (!await PasskeyCeremony.IsUnderwayAsync(context))
            return PasskeyCeremony.NotUnderway();
        var attestation = await signIn.PerformPasskeyAttestationAsync(body.Value.Credential.GetRawText());
        if (!attestation.Succeeded)
            return PasskeyCeremony.Refused(attestation.Failure.Message);
        if (!string.Equals(attestation.UserEntity.Name, pending.Email, StringComparison.OrdinalIgnoreCase))
            return PasskeyCeremony.Refused("This passkey was made for another invitation.");
        if (!await invitations.TryUseAsync(token, cancellationToken))
            return TypedResults.NotFound();
        var (user, errors) = await people.CreateAsync(users, pending.Email, password: null, body.Value.DisplayName, pending.Role, attestation.UserEntity.Id);
        if (user is null)
        {
            await invitations.ReleaseAsync(token, CancellationToken.None);
            return TypedResults.ValidationProblem(errors);
        }
        attestation.Passkey.Name = "Passkey";
        await users.AddOrUpdatePasskeyAsync(user, attestation.Passkey);
        await signIn.SignInAsync(user, isPersistent: true, authenticationMethod: "passkey");
        return TypedResults.NoContent();
    }
}
