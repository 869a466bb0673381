using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Blazar.Writers;

internal static class WritersExtensions
{
    /// <summary>Registers the <see cref="IChatClient"/> that writes reports, chosen by <c>Blazar:Writer</c>.</summary>
    public static IHostApplicationBuilder AddWriters(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WriterOptions>().Bind(builder.Configuration.GetSection("Blazar")).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IChatClient>(services =>
        {
            var options = services.GetRequiredService<IOptions<WriterOptions>>().Value;
            var time = services.GetRequiredService<TimeProvider>();
            return WriterName(builder.Configuration) switch
            {
                "offline" => new OfflineChatClient(options.Offline.CharsPerSecond, time),
                var other => throw new InvalidOperationException($"Blazar:Writer '{other}' is not available in this build."),
            };
        });
        return builder;
    }

    /// <summary>The writer in use: the configured one, else anthropic when a key is set, else offline.</summary>
    public static string WriterName(IConfiguration configuration)
    {
        var configured = configuration["Blazar:Writer"];
        if (!string.IsNullOrWhiteSpace(configured))
            return configured.Trim().ToLowerInvariant();
        return string.IsNullOrWhiteSpace(configuration["ANTHROPIC_API_KEY"]) ? "offline" : "anthropic";
    }
}
