using Blazar.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Blazar.Accounts;

/// <summary>Per-person limits (<c>Blazar:Quotas</c>): reports queued or generating at once, output tokens per day.</summary>
internal sealed class Quotas(IReportStore store, IUsageLedger ledger, IOptions<QuotaOptions> options, TimeProvider time)
{
    /// <summary>Null when the person may start another report; else the 429 to answer.</summary>
    public async Task<ProblemHttpResult?> CheckStartAsync(string userId, HttpResponse response, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxActivePerUser;
        if (max > 0 && await store.CountActiveAsync(userId, cancellationToken) >= max)
            return TooMany(response, 30, "Too many reports at once.",
                $"You have {max} reports queued or being written, the most allowed at once; wait for one to finish or stop one.");
        return await CheckTokensAsync(userId, response, cancellationToken);
    }

    /// <summary>Null when the person has output tokens left today; else the 429 to answer.</summary>
    public async Task<ProblemHttpResult?> CheckTokensAsync(string userId, HttpResponse response, CancellationToken cancellationToken)
    {
        var max = options.Value.DailyOutputTokensPerUser;
        if (max <= 0)
            return null;
        var now = time.GetUtcNow();
        if (await ledger.OutputTokensOnAsync(userId, now, cancellationToken) < max)
            return null;
        var midnight = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        return TooMany(response, (int)Math.Ceiling((midnight - now).TotalSeconds), "Daily limit reached.",
            $"You have used today's {max:N0} output tokens; the limit resets at midnight UTC.");
    }

    private static ProblemHttpResult TooMany(HttpResponse response, int seconds, string title, string detail)
    {
        response.Headers.RetryAfter = Math.Max(1, seconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: title, detail: detail);
    }
}
