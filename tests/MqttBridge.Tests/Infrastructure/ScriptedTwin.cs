using System.Reflection;
using DigitalTwin.Grains.Interfaces.Twins;
using Orleans.Streams;

namespace DigitalTwin.MqttBridge.Tests.Infrastructure;

/// <summary>
/// Stands in for the cluster in the ingress' tests: every device stream asked for is this one, and its
/// <c>OnNextAsync</c> fails with the scripted failures, one a call, then takes the message.
/// </summary>
internal sealed class ScriptedTwin
{
    private readonly Queue<Exception> _failures;
    private readonly Exception? _everyCall;
    private readonly bool _never;

    private ScriptedTwin(IEnumerable<Exception> failures, Exception? everyCall, bool never = false)
    {
        _failures = new Queue<Exception>(failures);
        _everyCall = everyCall;
        _never = never;
        var cluster = DispatchProxy.Create<IClusterClient, ClusterProxy>();
        ((ClusterProxy)(object)cluster).Twin = this;
        Cluster = cluster;
        var streams = DispatchProxy.Create<IStreamProvider, StreamProviderProxy>();
        ((StreamProviderProxy)(object)streams).Twin = this;
        Streams = streams;
    }

    public IClusterClient Cluster { get; }

    public IStreamProvider Streams { get; }

    /// <summary>Calls the twin got, the failed ones included.</summary>
    public int Calls { get; private set; }

    public int Taken { get; private set; }

    public static ScriptedTwin FailingFirst(params Exception[] failures) => new(failures, null);

    public static ScriptedTwin FailingEveryCall(Exception failure) => new([], failure);

    /// <summary>Takes nothing and never answers, as a full queue keeps its publisher waiting.</summary>
    public static ScriptedTwin NeverAnswering() => new([], null, never: true);

    private Task ReceiveAsync()
    {
        Calls++;
        if (_never)
        {
            return new TaskCompletionSource().Task;
        }

        if ((_everyCall ?? (_failures.Count > 0 ? _failures.Dequeue() : null)) is { } failure)
        {
            return Task.FromException(failure);
        }

        Taken++;
        return Task.CompletedTask;
    }

    /// <summary>Answers <c>GetGrain</c> with the twin, whatever the interface asked for; nothing else is used.</summary>
    internal class ClusterProxy : DispatchProxy
    {
        public ScriptedTwin Twin { get; set; } = null!;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod?.Name != nameof(IGrainFactory.GetGrain))
            {
                throw new NotSupportedException($"the ingress' tests do not script {targetMethod?.Name}");
            }

            var twin = DispatchProxy.Create<ITwinGrain, TwinProxy>();
            ((TwinProxy)(object)twin).Twin = Twin;
            return twin;
        }
    }

    /// <summary>Kept in the ingress' route for acks and reports; the ingress' tests send none.</summary>
    internal class TwinProxy : DispatchProxy
    {
        public ScriptedTwin Twin { get; set; } = null!;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            throw new NotSupportedException($"the ingress' tests do not script {targetMethod?.Name}");
    }

    /// <summary>Answers <c>GetStream</c> with a stream that takes device messages through the script.</summary>
    internal class StreamProviderProxy : DispatchProxy
    {
        public ScriptedTwin Twin { get; set; } = null!;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod?.Name != nameof(IStreamProvider.GetStream))
            {
                throw new NotSupportedException($"the ingress' tests do not script {targetMethod?.Name}");
            }

            var stream = DispatchProxy.Create<IAsyncStream<DeviceMessage>, StreamProxy>();
            ((StreamProxy)(object)stream).Twin = Twin;
            return stream;
        }
    }

    internal class StreamProxy : DispatchProxy
    {
        public ScriptedTwin Twin { get; set; } = null!;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name == nameof(IAsyncStream<DeviceMessage>.OnNextAsync)
            ? Twin.ReceiveAsync()
            : throw new NotSupportedException($"the ingress' tests do not script {targetMethod?.Name}");
    }
}
