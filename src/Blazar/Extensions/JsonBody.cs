using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Blazar.Extensions;

/// <summary>Reads a JSON request body, turning every way it can be wrong into a clear problem.</summary>
internal static class JsonBody
{
    /// <summary>The largest body any endpoint takes (design §2).</summary>
    public const int MaxBytes = 256 * 1024;

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
            return (default, TooLarge());
        if (!request.HasJsonContentType())
            return (default, Invalid("body", "Send the body as JSON (Content-Type: application/json)."));
        try
        {
            var value = await request.ReadFromJsonAsync<T>(BlazarJson.Options, cancellationToken);
            return value is null ? (default, Invalid("body", "The body is empty.")) : (value, null);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (default, TooLarge());
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status408RequestTimeout)
        {
            return (default, TypedResults.Problem(
                statusCode: StatusCodes.Status408RequestTimeout,
                title: "The body arrived too slowly.",
                detail: "The request body came in slower than the server accepts; send it again in one go."));
        }
        catch (BadHttpRequestException ex)
        {
            return (default, Invalid("body", ex.Message));
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "body" : ex.Path.TrimStart('$', '.');
            return (default, Invalid(field, $"This is not valid here: {ex.Message.Split(". Path:")[0]}."));
        }
    }

    public static ValidationProblem Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>A 400 naming every field that is wrong, with a detail a person can act on: what is wrong, in words.</summary>
    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: string.Join(" ", errors.Values.SelectMany(messages => messages)));

    private static ProblemHttpResult TooLarge() => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "The body is too large.",
        detail: $"A request body may be at most {MaxBytes / 1024} KiB.");
}
