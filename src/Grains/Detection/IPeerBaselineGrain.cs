using DigitalTwin.Detection.Baselines;

namespace DigitalTwin.Grains.Detection;

/// <summary>
/// The cluster's peer baseline of one device type (the key): each silo sends its share every exchange interval and
/// gets back the merge of every silo's latest share. Called once per silo and type per interval, never per window.
/// </summary>
internal interface IPeerBaselineGrain : IGrainWithStringKey
{
    /// <summary>Keeps <paramref name="share"/> as <paramref name="silo"/>'s (none: keeps the one before) and returns the merge, or null when no silo has one.</summary>
    Task<BaselineState?> ExchangeAsync(string silo, BaselineState? share);
}
