using System.Globalization;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Server.Internal.Adapter;

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
        if (IsFailedHandshake(source, exception))
        {
            // A client that speaks plain MQTT to the TLS port, distrusts the certificate or hangs up mid-handshake is
            // the client's problem, and anyone can cause it: one line at information, not an error with a stack trace.
            LogFailedHandshake(logger, exception!.Message);
            return;
        }

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

    /// <summary>MQTTnet's TLS listener reports a handshake that failed as an error of the connection it never got.</summary>
    internal static bool IsFailedHandshake(string? source, Exception? exception) =>
        source == nameof(MqttTcpServerListener) && exception is AuthenticationException or IOException;

    [LoggerMessage(Level = LogLevel.Information, Message = "A TLS handshake with an MQTT client failed: {Reason}")]
    private static partial void LogFailedHandshake(ILogger logger, string reason);

    [LoggerMessage(Message = "[{Source}] {Text}")]
    private static partial void Log(ILogger logger, LogLevel level, Exception? exception, string source, string text);
}
