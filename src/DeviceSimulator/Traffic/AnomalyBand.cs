namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// How strong an episode is drawn: <see cref="Standard"/> at the paces attack tools run by default,
/// <see cref="LowAndSlow"/> at the paces an attacker picks to stay under thresholds (nmap T0–T2, a check-in an hour,
/// a few kB/s). <see cref="AnomalyCatalog"/> holds each class's ranges per band.
/// </summary>
public enum AnomalyBand
{
    Standard,
    LowAndSlow,
}
