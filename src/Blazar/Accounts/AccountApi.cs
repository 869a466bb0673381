using System.Security.Claims;
using Blazar.Extensions;
using Blazar.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Blazar.Accounts;

/// <summary><c>/api/account</c> (sign in, sign out, who am I) and <c>/api/setup</c> (the first account, an admin).</summary>
internal static class AccountApi
{
    public const string SignInLimit = "sign-in";

    public sealed record Credentials(string? Email, string? Password) : IValidatable
    {
        IDictionary<string, string[]> IValidatable.Validate()
        {
            var errors = new Dictionary<string, string[]>();
            if (string.IsNullOrWhiteSpace(Email))
                errors["email"] = ["An email address is required."];
            if (string.IsNullOrEmpty(Password))
                errors["password"] = ["A password is required."];
            return errors;
        }
    }

    public sealed record SetupRequest(string? Email, string? Password, string? DisplayName) : IValidatable
    {
        IDictionary<string, string[]> IValidatable.Validate()
        {
            var errors = new Dictionary<string, string[]>();
            Fields.Email(errors, Email);
            Fields.Password(errors, Password);
            Fields.Name(errors, "displayName", DisplayName, required: false);
            return errors;
        }
    }

    public sealed record Me(string Id, string Email, string DisplayName, string Role);

    public sealed record SetupState(bool Needed);

    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/api/account").ValidateBodies();
        account.MapPost("/login", (Delegate)Login).AllowAnonymous().RateLimited(SignInLimit);
        account.MapPost("/logout", (Delegate)Logout).AllowAnonymous();
        account.MapGet("/", Get);
        var setup = app.MapGroup("/api/setup").ValidateBodies().AllowAnonymous();
        setup.MapGet("/", async (People people, CancellationToken cancellationToken) => TypedResults.Ok(new SetupState(!await people.AnyAsync(cancellationToken))));
        setup.MapPost("/", Setup).RateLimited(SignInLimit);
        return app;
    }

    private static async Task<Results<NoContent, UnauthorizedHttpResult, ProblemHttpResult>> Login(
        Body<Credentials> body, UserManager<BlazarUser> users, SignInManager<BlazarUser> signIn, IPasswordHasher<BlazarUser> hasher,
        TimeProvider time, HttpResponse response)
    {
        var (email, password) = (body.Value.Email!.Trim(), body.Value.Password!);
        if (await users.FindByEmailAsync(email) is not { } user)
        {
            hasher.HashPassword(new BlazarUser(), password); // as slow as a wrong password, so timing tells no one which emails exist
            return TypedResults.Unauthorized();
        }
        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.IsLockedOut)
            return await LockedOut.ProblemAsync(users, user, time, response);
        if (!result.Succeeded)
            return TypedResults.Unauthorized();
        await signIn.SignInAsync(user, isPersistent: true);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> Logout(HttpContext context)
    {
        await context.SignOutAsync(IdentityConstants.ApplicationScheme);
        return TypedResults.NoContent();
    }

    private static Ok<Me> Get(ClaimsPrincipal user) =>
        TypedResults.Ok(new Me(user.UserId()!, user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name ?? "",
            user.FindFirstValue(Caller.DisplayNameClaim) ?? "", user.IsAdmin() ? Roles.Admin : Roles.Member));

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Setup(
        Body<SetupRequest> body, People people, UserManager<BlazarUser> users, SignInManager<BlazarUser> signIn, CancellationToken cancellationToken)
    {
        var request = body.Value;
        var (user, errors) = await people.CreateFirstAsync(users, request.Email!, request.Password!, request.DisplayName, cancellationToken);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        if (user is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Blazar is set up already.",
                detail: "The first account exists; ask an admin for an invitation.");
        await signIn.SignInAsync(user, isPersistent: true);
        return TypedResults.NoContent();
    }
}
