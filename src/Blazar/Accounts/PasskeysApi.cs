using System.Buffers.Text;
using System.Security.Claims;
using System.Text.Json;
using Blazar.Extensions;
using Blazar.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Blazar.Accounts;

/// <summary>
/// <c>/api/account/passkeys</c>: a signed-in person adds (names), lists and removes passkeys; anyone signs in with
/// one. Each ceremony is two calls: options for <c>navigator.credentials.create/get</c>, then the credential it made,
/// checked by Identity against the challenge it kept in a short-lived cookie.
/// </summary>
internal static class PasskeysApi
{
    public sealed record NewPasskey(string? Name, JsonElement Credential) : IValidatable
    {
        IDictionary<string, string[]> IValidatable.Validate()
        {
            var errors = new Dictionary<string, string[]>();
            Fields.Name(errors, "name", Name, required: false);
            PasskeyCeremony.Credential(errors, Credential);
            return errors;
        }
    }

    public sealed record PasskeyLogin(JsonElement Credential) : IValidatable
    {
        IDictionary<string, string[]> IValidatable.Validate()
        {
            var errors = new Dictionary<string, string[]>();
            PasskeyCeremony.Credential(errors, Credential);
            return errors;
        }
    }

    public sealed record Passkey(string Id, string Name, DateTimeOffset CreatedAt);

    public static IEndpointRouteBuilder MapPasskeysApi(this IEndpointRouteBuilder app)
    {
        var passkeys = app.MapGroup("/api/account/passkeys").ValidateBodies();
        passkeys.MapGet("/", ListAsync);
        passkeys.MapPost("/creation-options", CreationOptionsAsync);
        passkeys.MapPost("/", AddAsync);
        passkeys.MapDelete("/{id}", RemoveAsync);
        passkeys.MapPost("/request-options", RequestOptionsAsync).AllowAnonymous().RateLimited(AccountApi.SignInLimit);
        passkeys.MapPost("/login", LoginAsync).AllowAnonymous().RateLimited(AccountApi.SignInLimit);
        return app;
    }

    private static async Task<Results<Ok<Passkey[]>, UnauthorizedHttpResult>> ListAsync(ClaimsPrincipal principal, UserManager<BlazarUser> users)
    {
        if (await users.GetUserAsync(principal) is not { } user)
            return TypedResults.Unauthorized();
        var passkeys = await users.GetPasskeysAsync(user);
        return TypedResults.Ok(passkeys.OrderBy(p => p.CreatedAt).Select(Describe).ToArray());
    }

    private static async Task<Results<ContentHttpResult, UnauthorizedHttpResult>> CreationOptionsAsync(
        ClaimsPrincipal principal, UserManager<BlazarUser> users, SignInManager<BlazarUser> signIn)
    {
        if (await users.GetUserAsync(principal) is not { } user)
            return TypedResults.Unauthorized();
        var entity = new PasskeyUserEntity { Id = user.Id, Name = user.Email!, DisplayName = user.DisplayName };
        return PasskeyCeremony.Json(await signIn.MakePasskeyCreationOptionsAsync(entity));
    }

    private static async Task<Results<Created<Passkey>, UnauthorizedHttpResult, ValidationProblem>> AddAsync(
        Body<NewPasskey> body, ClaimsPrincipal principal, UserManager<BlazarUser> users, SignInManager<BlazarUser> signIn, HttpContext context)
    {
        if (await users.GetUserAsync(principal) is not { } user)
            return TypedResults.Unauthorized();
        if (!await PasskeyCeremony.IsUnderwayAsync(context))
            return PasskeyCeremony.NotUnderway();
        var attestation = await signIn.PerformPasskeyAttestationAsync(body.Value.Credential.GetRawText());
        if (!attestation.Succeeded)
            return PasskeyCeremony.Refused(attestation.Failure.Message);
        if (attestation.UserEntity.Id != user.Id)
            return PasskeyCeremony.Refused("This passkey was made for someone else.");
        attestation.Passkey.Name = string.IsNullOrWhiteSpace(body.Value.Name) ? "Passkey" : body.Value.Name.Trim();
        var added = await users.AddOrUpdatePasskeyAsync(user, attestation.Passkey);
        if (!added.Succeeded)
            return PasskeyCeremony.Refused(string.Join(" ", added.Errors.Select(e => e.Description)));
        var passkey = Describe(attestation.Passkey);
        return TypedResults.Created($"/api/account/passkeys/{passkey.Id}", passkey);
    }

    private static async Task<Results<NoContent, NotFound, UnauthorizedHttpResult, ProblemHttpResult>> RemoveAsync(
        string id, ClaimsPrincipal principal, UserManager<BlazarUser> users)
    {
        if (await users.GetUserAsync(principal) is not { } user)
            return TypedResults.Unauthorized();
        // Matched against the person's own few passkeys, so an id that is not base64url is just not one of them.
        var passkeys = await users.GetPasskeysAsync(user);
        if (passkeys.FirstOrDefault(p => Describe(p).Id == id) is not { } passkey)
            return TypedResults.NotFound();
        if (passkeys.Count == 1 && !await users.HasPasswordAsync(user) && (await users.GetLoginsAsync(user)).Count == 0)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "This is your only way to sign in.",
                detail: "Add another passkey before removing this one: your account has no password.");
        await users.RemovePasskeyAsync(user, passkey.CredentialId);
        return TypedResults.NoContent();
    }

    private static async Task<ContentHttpResult> RequestOptionsAsync(SignInManager<BlazarUser> signIn) =>
        PasskeyCeremony.Json(await signIn.MakePasskeyRequestOptionsAsync(null));

    private static async Task<Results<NoContent, UnauthorizedHttpResult, ProblemHttpResult, ValidationProblem>> LoginAsync(
        Body<PasskeyLogin> body, UserManager<BlazarUser> users, SignInManager<BlazarUser> signIn, TimeProvider time, HttpContext context)
    {
        if (!await PasskeyCeremony.IsUnderwayAsync(context))
            return PasskeyCeremony.NotUnderway();
        var assertion = await signIn.PerformPasskeyAssertionAsync(body.Value.Credential.GetRawText());
        if (!assertion.Succeeded)
            return TypedResults.Unauthorized();
        if (await users.IsLockedOutAsync(assertion.User))
            return await LockedOut.ProblemAsync(users, assertion.User, time, context.Response);
        // The sign count and flags the authenticator reported this time.
        await users.AddOrUpdatePasskeyAsync(assertion.User, assertion.Passkey);
        await signIn.SignInAsync(assertion.User, isPersistent: true, authenticationMethod: "passkey");
        return TypedResults.NoContent();
    }

    private static Passkey Describe(UserPasskeyInfo passkey) =>
        new(Base64Url.EncodeToString(passkey.CredentialId), passkey.Name ?? "Passkey", passkey.CreatedAt);
}
