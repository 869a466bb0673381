using Blazar.Writers;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Blazar.Generation;

internal static class GenerationExtensions
{
    /// <summary>Registers the generation queue, its workers and start-up recovery.</summary>
    public static IHostApplicationBuilder AddGeneration(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GenerationOptions>().Bind(builder.Configuration.GetSection("Blazar")).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<GenerationQueue>();
        builder.Services.AddSingleton<RunningGenerations>();
        builder.Services.TryAddSingleton<IGenerationLeases, LocalGenerationLeases>(); // Redis storage registers shared leases first
        builder.Services.AddSingleton<ReportWriter>();
        builder.Services.AddSingleton<GenerationRunner>();
        builder.Services.AddSingleton<GenerationControl>();
        builder.Services.AddSingleton<GenerationRecovery>();
        builder.Services.AddHostedService<StartupTasks>();
        builder.Services.AddHostedService<GenerationWorker>();
        return builder;
    }
}
