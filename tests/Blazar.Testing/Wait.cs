namespace Blazar.Testing;

/// <summary>Waits on a condition with a deadline instead of sleeping; on timeout it says what it waited for and what it last saw.</summary>
public static class Wait
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null, string? because = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(20);
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var value = await probe();
            if (done(value))
                return value;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.#} s waiting for {because ?? "a condition"}; last value: {value}");
            await Task.Delay(25);
        }
    }
}
