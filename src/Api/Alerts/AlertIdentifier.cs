using System.Globalization;
using DigitalTwin.Grains.Interfaces.Alerts;
using DigitalTwin.Grains.Twins;

namespace DigitalTwin.Api.Alerts;

/// <summary>An alert id as the API takes it: <c>{twin id}:{number}</c>, the number a whole number from 1.</summary>
internal readonly record struct AlertIdentifier(string TwinId, long Number)
{
    public const string Rule = "an alert id is '{twin id}:{number}', e.g. sensor-1:3";

    public override string ToString() => $"{TwinId}{AnomalyAlert.IdSeparator}{Number}";

    public static bool TryParse(string? text, out AlertIdentifier id)
    {
        id = default;
        var separator = text?.LastIndexOf(AnomalyAlert.IdSeparator) ?? -1;
        if (separator <= 0)
        {
            return false;
        }

        var twin = text![..separator];
        var digits = text.AsSpan(separator + 1);
        if (!DeviceId.IsValid(twin) || digits.Length is 0 or > 19
            || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            return false;
        }

        id = new AlertIdentifier(twin, number);
        return true;
    }
}
