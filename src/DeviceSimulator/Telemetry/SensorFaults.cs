using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Telemetry;

/// <summary>
/// Occasional faults of a device's sensors. Before each reading a new fault starts with probability
/// <see cref="Rate"/> (when none is active) on one of the device's sensor fields; stuck values and dropouts then
/// last a few readings, a spike one. Faults touch measured fields only, never the device's own state.
/// </summary>
internal sealed class SensorFaults
{
    private readonly Xoshiro256 _random;
    private readonly string[] _fields;
    private readonly Dictionary<string, double> _lastGood = [];
    private string? _field;
    private int _remaining;
    private double _stuckValue;

    public SensorFaults(Xoshiro256 random, double rate, params string[] sensorFields)
    {
        if (rate is < 0 or > 1 || double.IsNaN(rate))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "a fault rate is a probability per reading, 0 to 1");
        }

        _random = random;
        Rate = rate;
        _fields = sensorFields;
    }

    /// <summary>Probability per reading that a fault starts.</summary>
    public double Rate { get; }

    /// <summary>The fault affecting the current reading.</summary>
    public SensorFaultKind Active { get; private set; }

    /// <summary>Faults started so far.</summary>
    public int Started { get; private set; }

    /// <summary>Applies the current fault (if any) to a reading that holds the true values.</summary>
    public void Apply(TelemetryReading reading)
    {
        if (_remaining == 0)
        {
            Active = SensorFaultKind.None;
            _field = null;
            if (_fields.Length > 0 && _random.Chance(Rate))
            {
                Start(reading);
            }
        }

        if (_field is not null && reading.TryGetNumber(_field, out var value))
        {
            _remaining--;
            switch (Active)
            {
                case SensorFaultKind.Stuck:
                    reading.Set(_field, _stuckValue);
                    break;
                case SensorFaultKind.Spike:
                    // Several times the value's own size, with a random sign: far outside any plausible change.
                    var size = Math.Max(Math.Abs(value), 1) * _random.Uniform(2, 6);
                    reading.Set(_field, Math.Round(value + (_random.Chance(0.5) ? size : -size), 2));
                    break;
                case SensorFaultKind.Dropout:
                    reading.Remove(_field);
                    break;
            }
        }

        foreach (var field in _fields)
        {
            if (field != _field && reading.TryGetNumber(field, out var good))
            {
                _lastGood[field] = good;
            }
        }
    }

    private void Start(TelemetryReading reading)
    {
        var field = _fields[_random.NextInt(_fields.Length)];
        if (!reading.TryGetNumber(field, out var current))
        {
            return;
        }

        Started++;
        _field = field;
        var roll = _random.NextDouble();
        (Active, _remaining) = roll switch
        {
            < 0.4 => (SensorFaultKind.Spike, 1),
            < 0.75 => (SensorFaultKind.Stuck, 3 + _random.NextInt(9)),
            _ => (SensorFaultKind.Dropout, 1 + _random.NextInt(5)),
        };
        _stuckValue = _lastGood.TryGetValue(field, out var last) ? last : current;
    }
}
