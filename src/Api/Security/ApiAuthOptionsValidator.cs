using Microsoft.Extensions.Options;

namespace DigitalTwin.Api.Security;

internal sealed class ApiAuthOptionsValidator : IValidateOptions<ApiAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiAuthOptions options)
    {
        for (var i = 0; i < options.Tokens.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(options.Tokens[i]) || options.Tokens[i].Length < ApiAuthOptions.MinTokenLength)
            {
                return ValidateOptionsResult.Fail($"{ApiAuthOptions.SectionName}:Tokens:{i} must be at least {ApiAuthOptions.MinTokenLength} characters.");
            }
        }

        return ValidateOptionsResult.Success;
    }
}
