using System.Globalization;
using Microsoft.Extensions.Logging;
using MQTTnet.Diagnostics.Logger;

namespace DigitalTwin.MqttBridge.Broker;

/// <summary>
/// Sends MQTTnet's own diagnostics (connection failures, exceptions in hooks) to the host's logging,
/// where they would otherwise vanish.
/// </summary>
internal sealed partial class MqttNetLogBridge(ILogger<MqttNetLogBridge> logger) : IMqttNetLogger
{
    public bool IsEnabled => logger.IsEnabled(LogLevel.Warning);

    public void Publish(MqttNetLogLevel logLevel, string? source, string? message, object[]? parameters, Exception? exception)
    {
        var level = logLevel switch
        {
            MqttNetLogLevel.Error => LogLevel.Error,
            MqttNetLogLevel.Warning => LogLevel.Warning,
            _ => LogLevel.Debug,
        };
        if (!logger.IsEnabled(level))
        {
            return;
        }

        var text = parameters is { Length: > 0 } && message is not null
            ? string.Format(CultureInfo.InvariantCulture, message, parameters)
            : message ?? "";
        Log(logger, level, exception, source ?? "MQTTnet", text);
    }

    [LoggerMessage(Message = "[{Source}] {Text}")]
    private static partial void Log(ILogger logger, LogLevel level, Exception? exception, string source, string text);
}
