using DigitalTwin.Grains.Diagnostics;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Grains.Commands;

/// <summary>What every twin of a silo shares for its commands: the options, the catalog of device types and the metrics.</summary>
internal sealed class SiloCommands(IOptions<CommandOptions> options, CommandCatalog catalog, CommandMetrics metrics)
{
    public CommandOptions Options { get; } = options.Value;

    public CommandCatalog Catalog => catalog;

    public CommandMetrics Metrics => metrics;
}
