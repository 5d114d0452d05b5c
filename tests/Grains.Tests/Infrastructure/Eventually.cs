namespace DigitalTwin.Grains.Tests.Infrastructure;

/// <summary>Waits on a condition by polling it; never on a fixed sleep.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Polls <paramref name="probe"/> until <paramref name="condition"/> holds and returns the value that satisfied it.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var value = await probe();
            if (condition(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {(timeout ?? DefaultTimeout).TotalSeconds:0.#} s waiting for {what}; last value: {Describe(value)}");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Polls a synchronous <paramref name="probe"/>, such as a recording of published messages.</summary>
    public static Task<T> UntilRecorded<T>(Func<T> probe, Func<T, bool> condition, string what, TimeSpan? timeout = null) =>
        Until(() => Task.FromResult(probe()), condition, what, timeout);

    private static string Describe<T>(T value) => value switch
    {
        null => "null",
        System.Collections.ICollection collection => $"{collection.Count} item(s)",
        _ => value.ToString() ?? "",
    };
}
