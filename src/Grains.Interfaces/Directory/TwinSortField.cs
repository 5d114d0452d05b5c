namespace DigitalTwin.Grains.Interfaces.Directory;

/// <summary>The directory fields a listing can be ordered by; the twin id breaks ties.</summary>
[GenerateSerializer, Alias("dtn.TwinSortField")]
public enum TwinSortField : byte
{
    Id = 0,
    Type = 1,
    CreatedAt = 2,
    LastUpdated = 3,

    /// <summary>Twins never seen sort after every seen one (before them when descending).</summary>
    LastSeen = 4,
}
