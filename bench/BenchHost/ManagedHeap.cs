namespace DigitalTwin.BenchHost;

/// <summary>
/// The silo's managed heap right after a full blocking GC the bench forced, as the GC's own heap statistics give it.
/// </summary>
/// <param name="LiveBytes">Bytes that survived the collection, over every generation and the large and pinned object heaps: what the objects still reachable take.</param>
/// <param name="HeapBytes">The generations' sizes after it, free space between survivors included.</param>
/// <param name="GcHandles">GC handles in use (Orleans' activations hold some each).</param>
public sealed record ManagedHeap(long LiveBytes, long HeapBytes, long GcHandles);
