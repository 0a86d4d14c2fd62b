using PaymentCore.Webhooks.Signing;

namespace PaymentCore.Webhooks.Endpoints;

/// <summary>
/// A merchant's receiver: where to post, which secrets sign, which event types it wants. Values are checked when
/// the endpoint is made, so an endpoint that exists can be posted to.
/// </summary>
/// <remarks>Immutable; change one with <c>with</c> and store it again.</remarks>
public sealed record WebhookEndpoint
{
    /// <summary>The most secrets an endpoint signs with at once (a rotation needs two).</summary>
    public const int MaxSecrets = 4;

    /// <summary>The longest id or merchant id accepted.</summary>
    public const int MaxIdLength = 128;

    private readonly IReadOnlyList<WebhookSecret> _secrets = [];
    private static readonly HashSet<string> NoTypes = new(StringComparer.Ordinal);

    private HashSet<string> _eventTypes = NoTypes;
    private IReadOnlySet<string> _eventTypesView = new System.Collections.ObjectModel.ReadOnlySet<string>(NoTypes);

    /// <summary>Creates an endpoint.</summary>
    /// <param name="id">A stable id of your choice, unique across merchants.</param>
    /// <param name="merchantId">The merchant whose events it gets.</param>
    /// <param name="url">An absolute http or https URL without user information.</param>
    /// <param name="secrets">The active secrets, newest first.</param>
    /// <exception cref="ArgumentException">A value breaks its rule; the message names the field, never a secret.</exception>
    public WebhookEndpoint(string id, string merchantId, Uri url, IReadOnlyList<WebhookSecret> secrets)
    {
        Id = CheckId(id, nameof(id));
        MerchantId = CheckId(merchantId, nameof(merchantId));
        Url = CheckUrl(url);
        Secrets = secrets;
    }

    /// <summary>Gets the endpoint id.</summary>
    public string Id { get; }

    /// <summary>Gets the merchant.</summary>
    public string MerchantId { get; }

    /// <summary>Gets the URL posted to.</summary>
    public Uri Url { get; }

    /// <summary>Gets the active secrets, newest first; each signs every delivery, so receivers may switch at any time.</summary>
    /// <value>One to <see cref="MaxSecrets"/> secrets.</value>
    /// <exception cref="ArgumentException">None, a null one, or more than <see cref="MaxSecrets"/>.</exception>
    public IReadOnlyList<WebhookSecret> Secrets
    {
        get => _secrets;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Count is 0 or > MaxSecrets || value.Any(static s => s is null))
            {
                throw new ArgumentException($"Secrets must hold 1 to {MaxSecrets} secrets and no null; it holds {value.Count}.", nameof(Secrets));
            }

            _secrets = [.. value];
        }
    }

    /// <summary>Gets the event types wanted, such as <c>payment.captured</c> (see <see cref="WebhookEventTypes"/>).</summary>
    /// <value>Empty by default, which means every type.</value>
    /// <exception cref="ArgumentException">A type that <see cref="WebhookEventTypes"/> does not know.</exception>
    public IReadOnlySet<string> EventTypes
    {
        get => _eventTypesView;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            foreach (var type in value)
            {
                if (!WebhookEventTypes.All.Contains(type))
                {
                    throw new ArgumentException($"EventTypes holds an unknown type; known types are {string.Join(", ", WebhookEventTypes.All)}.", nameof(EventTypes));
                }
            }

            // A private copy behind a read-only view: a caller's set changed later, or a cast, cannot change the endpoint.
            _eventTypes = new HashSet<string>(value, StringComparer.Ordinal);
            _eventTypesView = new System.Collections.ObjectModel.ReadOnlySet<string>(_eventTypes);
        }
    }

    /// <summary>Gets whether Stripe's <c>Stripe-Signature</c> header is sent as well.</summary>
    /// <value>Defaults to false.</value>
    public bool SendStripeSignature { get; init; }

    /// <summary>Gets whether deliveries are made; a 410 Gone answer turns it off.</summary>
    /// <value>Defaults to true.</value>
    public bool Enabled { get; init; } = true;

    /// <summary>Gets why the endpoint was disabled, if it was.</summary>
    public string? DisabledReason { get; init; }

    /// <summary>Gets whether this endpoint wants an event type.</summary>
    /// <param name="eventType">The type.</param>
    /// <returns>True when it subscribed to the type or to every type.</returns>
    public bool Wants(string eventType) => _eventTypes.Count == 0 || _eventTypes.Contains(eventType);

    /// <inheritdoc />
    public bool Equals(WebhookEndpoint? other) =>
        other is not null && Id == other.Id && MerchantId == other.MerchantId && Url == other.Url && Enabled == other.Enabled
        && SendStripeSignature == other.SendStripeSignature && DisabledReason == other.DisabledReason
        && _secrets.SequenceEqual(other._secrets) && _eventTypes.SetEquals(other._eventTypes);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, MerchantId, Url, Enabled);

    private static string CheckId(string value, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if (value.Length is 0 or > MaxIdLength || value.Any(char.IsControl))
        {
            throw new ArgumentException($"{name} must have 1 to {MaxIdLength} characters and no control characters.", name);
        }

        return value;
    }

    private static Uri CheckUrl(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("url must be an absolute http or https URL.", nameof(url));
        }

        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            throw new ArgumentException("url must not carry user information; authenticate with the signature.", nameof(url));
        }

        return url;
    }
}
