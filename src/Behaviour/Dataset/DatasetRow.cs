using DigitalTwin.Behaviour.Features;

namespace DigitalTwin.Behaviour.Dataset;

/// <summary>
/// One device × window row. <see cref="Split"/> is the device split (a device's rows are all in one), <see cref="TimeSplit"/>
/// the time split (windows before the run's cut are train, the rest test). <see cref="Provenance"/>, the splits and
/// <see cref="Truth"/> are only written by
/// the column sets that carry them and may be null otherwise; a null ground truth in a labelled file is written as
/// <see cref="GroundTruth.Unknown"/>.
/// </summary>
public readonly record struct DatasetRow(
    string DeviceId,
    string DeviceType,
    NetworkWindow Window,
    DatasetProvenance? Provenance = null,
    string? Split = null,
    GroundTruth? Truth = null,
    string? TimeSplit = null);
