using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using Blazar.Writers.Offline;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;

namespace Blazar.Writers.Providers;

internal static class WritersExtensions
{
    private const string AnthropicBaseUrl = "https://api.anthropic.com";

    /// <summary>The activity source and meter of the writer's model calls (the gen_ai conventions of Microsoft.Extensions.AI).</summary>
    public const string TelemetrySource = "Blazar.Model";

    /// <summary>Registers the <see cref="IChatClient"/> that writes reports, chosen by <c>Blazar:Writer</c>.</summary>
    public static IHostApplicationBuilder AddWriters(this IHostApplicationBuilder builder)
    {
        var writer = WriterOptions.Chosen(builder.Configuration);
        builder.Services.AddOptions<WriterOptions>().Bind(builder.Configuration.GetSection("Blazar")).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ModelResilienceOptions>().Bind(builder.Configuration.GetSection("Blazar")).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<WriterOptions>>(new WriterOptionsValidator(writer, builder.Configuration["ANTHROPIC_API_KEY"]));
        // Claude up to 4.5 continues from a prefill; OpenAI-compatible servers are asked in a user turn.
        builder.Services.AddSingleton(new PrefillSupport(acceptedByDefault: writer != "openai"));
        builder.Services.AddSingleton<ModelReachability>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ModelReachability>());
        builder.Services.AddSingleton<IChatClient>(services =>
        {
            var options = services.GetRequiredService<IOptions<WriterOptions>>().Value;
            var time = services.GetRequiredService<TimeProvider>();
            IChatClient client = writer switch
            {
                "offline" => new OfflineChatClient(options.Offline.CharsPerSecond, time),
                "anthropic" => Anthropic(options.Anthropic, builder.Configuration["ANTHROPIC_API_KEY"]!, Http(services, new AnthropicKeyHandler())),
                "openai" => OpenAI(options.OpenAI, Http(services)),
                var other => throw new InvalidOperationException($"Blazar:Writer '{other}' is not available in this build."),
            };
            // Spans and gen_ai metrics per model call; GetService (ChatClientMetadata among others) reaches the client within.
            return client.AsBuilder()
                .UseOpenTelemetry(services.GetRequiredService<ILoggerFactory>(), TelemetrySource)
                .Build(services);
        });
        return builder;
    }

    private static HttpClient Http(IServiceProvider services, DelegatingHandler? outermost = null) => ModelHttpClient.Create(
        services.GetRequiredService<IOptions<ModelResilienceOptions>>().Value,
        services.GetRequiredService<TimeProvider>(),
        services.GetRequiredService<ILoggerFactory>().CreateLogger("Blazar.Writers.ModelHttpClient"),
        outermost);

    private static AnthropicStreamingClient Anthropic(AnthropicWriterOptions options, string apiKey, HttpClient http)
    {
        var baseUrl = string.IsNullOrWhiteSpace(options.BaseUrl) ? AnthropicBaseUrl : options.BaseUrl.TrimEnd('/');
        var client = new AnthropicClient
        {
            ApiKey = apiKey,
            HttpClient = http,
            MaxRetries = 0, // ModelHttpClient retries, the same way for every provider
            BaseUrl = baseUrl,
        };
        return new AnthropicStreamingClient(client.AsIChatClient(options.Model, options.MaxTokens), http, new Uri(baseUrl + "/"), apiKey, options.Model, options.MaxTokens);
    }

    private static IChatClient OpenAI(OpenAIWriterOptions options, HttpClient http)
    {
        var settings = new OpenAIClientOptions
        {
            Endpoint = new Uri(options.BaseUrl!),
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0), // ModelHttpClient retries
            NetworkTimeout = Timeout.InfiniteTimeSpan, // stalls are detected by the writer
        };
        // Local servers take no key, but the client wants one.
        var key = new ApiKeyCredential(string.IsNullOrWhiteSpace(options.ApiKey) ? "none" : options.ApiKey);
        return new OpenAIClient(key, settings).GetChatClient(options.Model).AsIChatClient();
    }
}
