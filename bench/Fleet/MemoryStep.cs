using DigitalTwin.BenchHost;

namespace DigitalTwin.Fleet;

/// <summary>The silo's memory at one step of the run, read right after a forced full GC.</summary>
/// <param name="Name">What the silo held at this step.</param>
/// <param name="Connections">Device connections open at this step.</param>
/// <param name="ActiveTwins">Twins the silo reported active (<c>/api/v1/system/metrics</c>), or -1 when it did not answer.</param>
/// <param name="OpenFiles">File descriptors the silo held.</param>
/// <param name="Resident">The silo's resident set a moment after the GC.</param>
/// <param name="Heap">What the GC left.</param>
public sealed record MemoryStep(string Name, int Connections, long ActiveTwins, int OpenFiles, ProcessMemory Resident, ManagedHeap Heap);
