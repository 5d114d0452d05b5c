using System.Collections.Concurrent;
using Orleans.Storage;

namespace DigitalTwin.Grains.Tests.Infrastructure;

/// <summary>
/// The twins' in-memory storage, with a switch a test throws to make one twin's next state write fail, as a
/// database that refuses a write would.
/// </summary>
public sealed class FaultyGrainStorage(IGrainStorage inner) : IGrainStorage
{
    private readonly ConcurrentDictionary<string, bool> _failNextWrite = new();

    public void FailNextWriteOf(string twinId) => _failNextWrite[twinId] = true;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_failNextWrite.TryRemove(grainId.Key.ToString()!, out _))
        {
            throw new InvalidOperationException($"The storage refused the write of {grainId} (a test's fault).");
        }

        return inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}
