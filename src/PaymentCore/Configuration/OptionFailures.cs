using System.Globalization;
using Microsoft.Extensions.Options;

namespace PaymentCore.Configuration;

/// <summary>
/// The failures one validation found, each naming the option as <c>Type.Property</c> and its rule. The first failing
/// property is kept so a constructor that validates (no container) can throw an <see cref="ArgumentException"/>
/// whose <see cref="ArgumentException.ParamName"/> names it.
/// </summary>
internal sealed class OptionFailures(string optionsType)
{
    private readonly List<string> _messages = [];

    public string? FirstProperty { get; private set; }

    public int Count => _messages.Count;

    /// <summary>Adds a failure: <c>{Type}.{property} {rule}</c>.</summary>
    public void Add(string property, string rule)
    {
        FirstProperty ??= property;
        _messages.Add(string.Create(CultureInfo.InvariantCulture, $"{optionsType}.{property} {rule}"));
    }

    public ValidateOptionsResult ToResult() => _messages.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_messages);

    public void AddTo(List<string> failures) => failures.AddRange(_messages);

    public void ThrowIfAny(string paramName)
    {
        if (_messages.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", _messages), FirstProperty ?? paramName);
        }
    }
}
