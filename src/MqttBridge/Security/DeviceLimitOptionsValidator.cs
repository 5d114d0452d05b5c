using Microsoft.Extensions.Options;

namespace DigitalTwin.MqttBridge.Security;

/// <summary>Stops the silo at start-up when an <c>Mqtt:DeviceLimits:*</c> setting is out of range, naming the key.</summary>
internal sealed class DeviceLimitOptionsValidator : IValidateOptions<DeviceLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, DeviceLimitOptions options)
    {
        var failures = new List<string>();
        if (options.MessagesPerSecond is < 0 or > 1_000_000)
        {
            failures.Add($"{DeviceLimitOptions.SectionName}:{nameof(options.MessagesPerSecond)} must be between 0 (no limit) and 1000000, got {options.MessagesPerSecond}.");
        }

        if (options.BytesPerSecond != 0 && options.BytesPerSecond is < 256 or > 1024 * 1024 * 1024)
        {
            failures.Add($"{DeviceLimitOptions.SectionName}:{nameof(options.BytesPerSecond)} must be 0 (no limit) or between 256 and 1073741824, got {options.BytesPerSecond}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
