using System.ComponentModel.DataAnnotations;

namespace Blazar.Writers;

/// <summary>Which writer writes reports (<c>Blazar:Writer</c>) and how each one is reached.</summary>
public sealed class WriterOptions
{
    /// <summary><c>offline</c>, <c>anthropic</c> or <c>openai</c> (any letter case); empty means anthropic when a key is set, else offline.</summary>
    [RegularExpression(@"(?i)^\s*(offline|anthropic|openai)?\s*$", ErrorMessage = "Blazar:Writer must be offline, anthropic or openai.")]
    public string? Writer { get; set; }

    /// <summary>The writer in use: the configured one, else anthropic when a key is set, else offline.</summary>
    public static string Chosen(IConfiguration configuration)
    {
        var configured = configuration["Blazar:Writer"];
        if (!string.IsNullOrWhiteSpace(configured))
            return configured.Trim().ToLowerInvariant();
        return string.IsNullOrWhiteSpace(configuration["ANTHROPIC_API_KEY"]) ? "offline" : "anthropic";
    }

    public OfflineWriterOptions Offline { get; set; } = new();

    public AnthropicWriterOptions Anthropic { get; set; } = new();

    public OpenAIWriterOptions OpenAI { get; set; } = new();
}

/// <summary>The built-in writer (<c>Blazar:Offline</c>).</summary>
public sealed class OfflineWriterOptions
{
    /// <summary>Characters per second it writes at; 0 writes as fast as it can.</summary>
    [Range(0, 10_000_000)]
    public int CharsPerSecond { get; set; } = 4000;
}

/// <summary>Claude through the Messages API (<c>Blazar:Anthropic</c>); the key comes from <c>ANTHROPIC_API_KEY</c>.</summary>
public sealed class AnthropicWriterOptions
{
    /// <summary>The model that writes reports.</summary>
    public string Model { get; set; } = "claude-sonnet-4-5";

    /// <summary>The most tokens one response may have; reports are long.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Blazar:Anthropic:MaxTokens must be between 1 and 1000000.")]
    public int MaxTokens { get; set; } = 16000;

    /// <summary>The API's base URL, e.g. a proxy; empty means Anthropic's.</summary>
    public string? BaseUrl { get; set; }
}

/// <summary>Any server that speaks OpenAI chat-completions streaming (<c>Blazar:OpenAI</c>): Ollama, llama.cpp, vLLM, LM Studio, OpenAI.</summary>
public sealed class OpenAIWriterOptions
{
    /// <summary>The base URL including the version path, e.g. <c>http://localhost:11434/v1</c>.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The API key, when the server wants one.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The model name the server knows.</summary>
    public string? Model { get; set; }
}
