using Microsoft.Extensions.Options;

namespace DigitalTwin.Silo.Observability;

internal sealed class LogFormatOptionsValidator : IValidateOptions<LogFormatOptions>
{
    public ValidateOptionsResult Validate(string? name, LogFormatOptions options) =>
        options.IsJson || string.Equals(options.Format, LogFormatOptions.Text, StringComparison.OrdinalIgnoreCase)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{LogFormatOptions.SectionName}:{nameof(options.Format)} must be {LogFormatOptions.Text} or {LogFormatOptions.Json}, got '{options.Format}'.");
}
