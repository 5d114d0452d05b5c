using DigitalTwin.DeviceSimulator.Telemetry;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Control;

/// <summary>
/// A device's command logic: refuses actions its type does not declare and parameters that break the type's schema,
/// lets a configurable share of valid commands fail as real hardware sometimes does, and otherwise carries out the
/// action on the device's model.
/// </summary>
public sealed class CommandHandler
{
    private readonly DeviceModel _model;
    private readonly ActionCatalog _catalog;
    private readonly Xoshiro256 _random;

    public CommandHandler(DeviceModel model, ActionCatalog catalog, double failureRate, Xoshiro256 random)
    {
        if (failureRate is < 0 or > 1 || double.IsNaN(failureRate))
        {
            throw new ArgumentOutOfRangeException(nameof(failureRate), failureRate, "a failure rate is a probability, 0 to 1");
        }

        _model = model;
        _catalog = catalog;
        FailureRate = failureRate;
        _random = random;
    }

    /// <summary>Share of valid commands that fail.</summary>
    public double FailureRate { get; }

    public CommandAnswer Handle(DeviceCommand command, DateTimeOffset now)
    {
        if (_catalog.Check(_model.Type, command.Action, command.Parameters) is { } refusal)
        {
            return new CommandAnswer(command.CommandId, command.Action, ActionOutcome.Failure(_random.Uniform(0.01, 0.05), refusal));
        }

        if (_random.Chance(FailureRate))
        {
            return new CommandAnswer(command.CommandId, command.Action, ActionOutcome.Failure(_random.Uniform(0.2, 2), _model.DescribeFailure(command.Action)));
        }

        return new CommandAnswer(command.CommandId, command.Action, _model.Execute(command.Action, command.Parameters, now));
    }
}
