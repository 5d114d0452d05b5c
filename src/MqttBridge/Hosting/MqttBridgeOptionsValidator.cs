using System.Net;
using Microsoft.Extensions.Options;

namespace DigitalTwin.MqttBridge.Hosting;

/// <summary>Stops the silo at start-up when an <c>Mqtt:*</c> setting is invalid, naming the key.</summary>
internal sealed class MqttBridgeOptionsValidator : IValidateOptions<MqttBridgeOptions>
{
    public ValidateOptionsResult Validate(string? name, MqttBridgeOptions options)
    {
        var failures = new List<string>();
        if (options.Port is < 1 or > 65535)
        {
            failures.Add($"{MqttBridgeOptions.SectionName}:{nameof(options.Port)} must be a TCP port (1-65535), got {options.Port}.");
        }

        if (!IPAddress.TryParse(options.BindAddress, out _))
        {
            failures.Add($"{MqttBridgeOptions.SectionName}:{nameof(options.BindAddress)} must be an IP address, got '{options.BindAddress}'.");
        }

        if (options.MaxPayloadBytes is < 256 or > 16 * 1024 * 1024)
        {
            failures.Add($"{MqttBridgeOptions.SectionName}:{nameof(options.MaxPayloadBytes)} must be between 256 and 16777216, got {options.MaxPayloadBytes}.");
        }

        if (options.HandOffTimeout < TimeSpan.FromMilliseconds(100) || options.HandOffTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{MqttBridgeOptions.SectionName}:{nameof(options.HandOffTimeout)} must be between 00:00:00.1 and 00:10:00.");
        }

        if (options.MaxPendingMessagesPerClient is < 10 or > 1_000_000)
        {
            failures.Add($"{MqttBridgeOptions.SectionName}:{nameof(options.MaxPendingMessagesPerClient)} must be between 10 and 1000000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
