namespace DigitalTwin.TestSupport;

/// <summary>Waits on a condition instead of a fixed sleep.</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null, string? what = null)
    {
        var last = await UntilAsync(probe, done, timeout ?? TimeSpan.FromSeconds(15));
        return done(last) ? last : throw new TimeoutException($"Condition not met in time: {what ?? "condition"}; last value: {last}");
    }

    /// <summary>
    /// Probes until <paramref name="done"/> holds or <paramref name="timeout"/> has passed, and returns the last value
    /// either way: for a caller whose assertion on that value says better than a timeout what is wrong.
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var last = await probe();
            if (done(last) || DateTime.UtcNow > deadline)
            {
                return last;
            }

            await Task.Delay(50);
        }
    }
}
