using System.Security.Claims;
using Blazar.Extensions;
using Blazar.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Blazar.Accounts;

/// <summary>Admins only: <c>/api/users</c> (list with usage, remove) and <c>POST /api/invitations</c>.</summary>
internal static class PeopleApi
{
    public const string AdminPolicy = "admin";

    public sealed record InviteRequest(string? Email, string? Role) : IValidatable
    {
        IDictionary<string, string[]> IValidatable.Validate()
        {
            var errors = new Dictionary<string, string[]>();
            Fields.Email(errors, Email);
            if (Role is not null && !Roles.IsKnown(Role))
                errors["role"] = ["The role is \"admin\" or \"member\"."];
            return errors;
        }
    }

    public sealed record Invited(string Url, DateTimeOffset ExpiresAt);

    /// <summary>Tokens used with one model, and what they cost when <c>Blazar:Prices</c> prices it.</summary>
    public sealed record ModelUsage(string Model, long InputTokens, long OutputTokens, decimal? Cost);

    public sealed record Person(string Id, string Email, string DisplayName, string Role, DateTimeOffset CreatedAt, ModelUsage[] Usage);

    public static IEndpointRouteBuilder MapPeopleApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/users").RequireAuthorization(AdminPolicy);
        users.MapGet("/", List);
        users.MapDelete("/{id}", Remove);
        app.MapPost("/api/invitations", Invite).ValidateBodies().RequireAuthorization(AdminPolicy);
        return app;
    }

    /// <summary>Everyone, with what they used over the last 30 days per model.</summary>
    private static async Task<Ok<Person[]>> List(
        StoreProvider provider, IUsageLedger ledger, IOptions<PriceOptions> prices, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var db = provider.CreateDb();
        var people = await db.Users.AsNoTracking().Select(u => new { u.Id, u.Email, u.DisplayName, u.Role, u.CreatedAt }).ToListAsync(cancellationToken);
        var usage = (await ledger.SinceAsync(time.GetUtcNow().AddDays(-30), cancellationToken)).ToLookup(u => u.UserId);
        return TypedResults.Ok(people.OrderBy(p => p.CreatedAt).Select(p => new Person(p.Id, p.Email ?? "", p.DisplayName, p.Role, p.CreatedAt,
            usage[p.Id].Select(u => new ModelUsage(u.Model, u.InputTokens, u.OutputTokens, prices.Value.Cost(u.Model, u.InputTokens, u.OutputTokens))).ToArray())).ToArray());
    }

    private static async Task<Results<Created<Invited>, ValidationProblem>> Invite(
        Body<InviteRequest> body, ClaimsPrincipal admin, Invitations invitations, UserManager<BlazarUser> users, HttpRequest request, CancellationToken cancellationToken)
    {
        var email = body.Value.Email!.Trim();
        if (await users.FindByEmailAsync(email) is not null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["email"] = ["This person has an account already."] });
        var (secret, expiresAt) = await invitations.CreateAsync(email, body.Value.Role ?? Roles.Member, admin.UserId()!, cancellationToken);
        var path = $"/invite/{secret}";
        return TypedResults.Created(path, new Invited($"{request.Scheme}://{request.Host}{path}", expiresAt));
    }

    /// <summary>Removes a person; their reports stay, owned from now on by the admin who removed them.</summary>
    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> Remove(
        string id, ClaimsPrincipal admin, UserManager<BlazarUser> users, IReportStore store, CancellationToken cancellationToken)
    {
        if (id == admin.UserId())
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "You cannot remove yourself.",
                detail: "Another admin can remove your account.");
        if (await users.FindByIdAsync(id) is not { } person)
            return TypedResults.NotFound();
        await store.ReassignAsync(id, admin.UserId()!, cancellationToken);
        await users.DeleteAsync(person);
        return TypedResults.NoContent();
    }
}
