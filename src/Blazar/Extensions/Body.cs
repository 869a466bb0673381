using System.Reflection;

namespace Blazar.Extensions;

/// <summary>A JSON request body that can check itself; <see cref="BodyValidation"/> answers for it when it is wrong.</summary>
internal interface IValidatable
{
    /// <summary>Field → messages for everything wrong; empty when valid.</summary>
    IDictionary<string, string[]> Validate();
}

/// <summary>What a <see cref="Body{T}"/> tells the validation filter.</summary>
internal interface IRequestBody
{
    /// <summary>The problem when the body could not be read at all (too large, not JSON, empty).</summary>
    IResult? Problem { get; }

    IDictionary<string, string[]> Validate();
}

/// <summary>
/// A handler parameter read from the JSON body. On a route group with <see cref="BodyValidation.ValidateBodies{T}"/>
/// a handler only ever sees a body that was read and is valid.
/// </summary>
internal sealed class Body<T> : IRequestBody, IBindableFromHttpContext<Body<T>> where T : class
{
    private readonly T? _value;

    private Body(T? value, IResult? problem)
    {
        _value = value;
        Problem = problem;
    }

    public T Value => _value ?? throw new InvalidOperationException("This body was not read; map its endpoint in a group that validates bodies.");

    public IResult? Problem { get; }

    public IDictionary<string, string[]> Validate() =>
        _value is IValidatable validatable ? validatable.Validate() : new Dictionary<string, string[]>();

    public static async ValueTask<Body<T>?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var (value, problem) = await JsonBody.ReadAsync<T>(context.Request, context.RequestAborted);
        return new Body<T>(value, problem);
    }
}
