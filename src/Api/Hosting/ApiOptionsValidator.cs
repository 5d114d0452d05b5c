using Microsoft.Extensions.Options;

namespace DigitalTwin.Api.Hosting;

internal sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options) =>
        options.MaxRequestBodyBytes is >= 1024 and <= 64L * 1024 * 1024
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{ApiOptions.SectionName}:{nameof(options.MaxRequestBodyBytes)} must be between 1024 and 67108864, got {options.MaxRequestBodyBytes}.");
}
