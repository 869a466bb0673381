using System.Globalization;
using Blazar.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Blazar.Accounts;

/// <summary>The answer to a sign-in while the account is locked: 429 with <c>Retry-After</c>.</summary>
internal static class LockedOut
{
    public static async Task<ProblemHttpResult> ProblemAsync(UserManager<BlazarUser> users, BlazarUser user, TimeProvider time, HttpResponse response)
    {
        var end = await users.GetLockoutEndDateAsync(user) ?? time.GetUtcNow();
        var seconds = Math.Max(1, (int)Math.Ceiling((end - time.GetUtcNow()).TotalSeconds));
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed sign-ins.",
            detail: "This account is locked after 5 failed sign-ins in a row; try again in a few minutes.");
    }
}
