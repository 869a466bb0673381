namespace Blazar.Tests.Infrastructure;

/// <summary>Waits on a condition with a timeout instead of sleeping.</summary>
public static class Wait
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null, string? because = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var value = await probe();
            if (done(value))
                return value;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException(because ?? $"Condition not met in time; last value: {value}");
            await Task.Delay(25);
        }
    }
}
