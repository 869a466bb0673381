using Microsoft.Extensions.Options;

namespace Blazar.Writers;

/// <summary>Checks at start that the chosen writer has what it needs, naming the setting that is missing or wrong.</summary>
internal sealed class WriterOptionsValidator(string writer, string? anthropicApiKey) : IValidateOptions<WriterOptions>
{
    public ValidateOptionsResult Validate(string? name, WriterOptions options)
    {
        var failures = new List<string>();
        if (writer == "anthropic")
        {
            if (string.IsNullOrWhiteSpace(anthropicApiKey))
                failures.Add("ANTHROPIC_API_KEY must be set when Blazar:Writer is anthropic.");
            if (string.IsNullOrWhiteSpace(options.Anthropic.Model))
                failures.Add("Blazar:Anthropic:Model must name a model.");
            if (!string.IsNullOrWhiteSpace(options.Anthropic.BaseUrl) && !IsHttpUrl(options.Anthropic.BaseUrl))
                failures.Add("Blazar:Anthropic:BaseUrl must be an absolute http(s) URL.");
        }
        else if (writer == "openai")
        {
            if (string.IsNullOrWhiteSpace(options.OpenAI.BaseUrl) || !IsHttpUrl(options.OpenAI.BaseUrl))
                failures.Add("Blazar:OpenAI:BaseUrl must be an absolute http(s) URL (e.g. http://localhost:11434/v1) when Blazar:Writer is openai.");
            if (string.IsNullOrWhiteSpace(options.OpenAI.Model))
                failures.Add("Blazar:OpenAI:Model must name a model when Blazar:Writer is openai.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
