namespace DigitalTwin.Grains.Network;

/// <summary>Whether a twin takes a window: only windows starting after its latest one are new.</summary>
internal enum NetworkWindowCheck
{
    Accepted,

    /// <summary>The window starts before the twin's latest one: refused, the statistics would count time twice.</summary>
    OutOfOrder,

    /// <summary>The window starts where the twin's latest one does: a re-send, ignored.</summary>
    Duplicate,
}
