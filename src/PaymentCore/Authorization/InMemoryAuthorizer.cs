using Microsoft.Extensions.Options;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Transactions;

namespace PaymentCore.Authorization;

/// <summary>
/// A simulated issuer and acquirer with accounts, balances and holds: authorize places a hold, void releases it,
/// capture moves the money to the payee, refund returns it. Operations are idempotent by merchant, key and
/// operation, like a real gateway's. <see cref="TestInstruments"/> lists instruments with fixed behaviour.
/// </summary>
/// <remarks>
/// <para>Thread-safe: one lock guards the ledger, so every operation is atomic.</para>
/// <para>
/// With <see cref="InMemoryAuthorizerOptions.SupportsSale"/> it also takes payments in automatic capture as one-step
/// sales: the hold is placed and captured in one operation, under the sale's own key.
/// </para>
/// </remarks>
public sealed class InMemoryAuthorizer : ISaleAuthorizer
{
    private readonly Lock _lock = new();
    private readonly InMemoryAuthorizerOptions _options;
    private readonly Dictionary<(string Account, Currency Currency), Ledger> _accounts = [];
    private readonly Dictionary<(string Payee, Currency Currency), long> _payees = [];
    private readonly Dictionary<TransactionId, Hold> _holds = [];

    // Ids are keyed by the installation's secret (TransactionIdOptions), which the issuer does not know: it finds a
    // payment's hold by the merchant and key it was authorized with.
    private readonly Dictionary<(string MerchantId, string IdempotencyKey), TransactionId> _byKey = [];
    private readonly Dictionary<(string Merchant, string Key, AuthorizerOperation Op), Seen> _seen = [];
    private readonly List<string> _mistakes = [];
    private long _codes;
    private long _references;

    /// <summary>Creates the authorizer with default options.</summary>
    public InMemoryAuthorizer()
        : this(new InMemoryAuthorizerOptions())
    {
    }

    /// <summary>Creates the authorizer.</summary>
    /// <param name="options">The options.</param>
    public InMemoryAuthorizer(IOptions<InMemoryAuthorizerOptions> options)
        : this(options?.Value ?? throw new ArgumentNullException(nameof(options)))
    {
    }

    /// <summary>Creates the authorizer.</summary>
    /// <param name="options">The options.</param>
    public InMemoryAuthorizer(InMemoryAuthorizerOptions options)
    {
        InMemoryAuthorizerOptionsValidator.Instance.ThrowIfInvalid(options);
        _options = options;
        AmountGranularities = [.. options.AmountGranularities];
    }

    /// <inheritdoc />
    public string Name => _options.Name;

    /// <inheritdoc />
    public IReadOnlyList<AmountGranularity> AmountGranularities { get; }

    /// <summary>
    /// Gets operations the authorizer was asked to do that a correct processor never asks for (capturing a
    /// voided hold, refunding more than was captured, reusing a key for a different operation). Tests assert it is empty.
    /// </summary>
    public IReadOnlyList<string> Mistakes
    {
        get
        {
            lock (_lock)
            {
                return [.. _mistakes];
            }
        }
    }

    /// <summary>Sets the available balance of an account in one currency, opening it if needed.</summary>
    /// <param name="account">The payer token or account id.</param>
    /// <param name="balance">The available balance.</param>
    public void SetBalance(string account, Money balance)
    {
        lock (_lock)
        {
            GetLedger(account, balance.Currency).Available = balance.MinorUnits;
        }
    }

    /// <summary>Gets the funds an account can spend (its balance less its holds).</summary>
    /// <param name="account">The payer token or account id.</param>
    /// <param name="currency">The currency.</param>
    /// <returns>The available funds.</returns>
    public Money GetAvailable(string account, Currency currency)
    {
        lock (_lock)
        {
            return Money.FromMinor(GetLedger(account, currency).Available, currency);
        }
    }

    /// <summary>Gets the funds held on an account by open authorizations.</summary>
    /// <param name="account">The payer token or account id.</param>
    /// <param name="currency">The currency.</param>
    /// <returns>The held funds.</returns>
    public Money GetHeld(string account, Currency currency)
    {
        lock (_lock)
        {
            return Money.FromMinor(GetLedger(account, currency).Held, currency);
        }
    }

    /// <summary>Gets the funds a payee received: captures less refunds.</summary>
    /// <param name="payee">The payee.</param>
    /// <param name="currency">The currency.</param>
    /// <returns>The received funds.</returns>
    public Money GetReceived(string payee, Currency currency)
    {
        lock (_lock)
        {
            return Money.FromMinor(_payees.GetValueOrDefault((payee, currency)), currency);
        }
    }

    /// <summary>Gets the state of the hold of one payment, as the issuer sees it.</summary>
    /// <param name="merchantId">The merchant.</param>
    /// <param name="idempotencyKey">The payment's idempotency key.</param>
    /// <returns>The hold, or <see langword="null"/> when none was placed.</returns>
    public IssuerHold? GetHold(string merchantId, string idempotencyKey)
    {
        lock (_lock)
        {
            return _byKey.TryGetValue((merchantId, idempotencyKey), out var id) && _holds.TryGetValue(id, out var h)
                ? new IssuerHold(h.Account, Money.FromMinor(h.Authorized, h.Currency), Money.FromMinor(h.Captured, h.Currency), Money.FromMinor(h.Refunded, h.Currency), h.State)
                : null;
        }
    }

    /// <summary>Gets every hold the issuer has placed, by transaction.</summary>
    /// <returns>A snapshot.</returns>
    public IReadOnlyDictionary<TransactionId, IssuerHold> GetHolds()
    {
        lock (_lock)
        {
            return _holds.ToDictionary(
                kv => kv.Key,
                kv => new IssuerHold(kv.Value.Account, Money.FromMinor(kv.Value.Authorized, kv.Value.Currency), Money.FromMinor(kv.Value.Captured, kv.Value.Currency), Money.FromMinor(kv.Value.Refunded, kv.Value.Currency), kv.Value.State));
        }
    }

    /// <inheritdoc />
    public ValueTask<AuthorizerResult> AuthorizeAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) =>
        new(Apply(Expect(request, AuthorizerOperation.Authorize)));

    /// <inheritdoc />
    public ValueTask<AuthorizerResult> CaptureAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) =>
        new(Apply(Expect(request, AuthorizerOperation.Capture)));

    /// <inheritdoc />
    public ValueTask<AuthorizerResult> VoidAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) =>
        new(Apply(Expect(request, AuthorizerOperation.Void)));

    /// <inheritdoc />
    public ValueTask<AuthorizerResult> RefundAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) =>
        new(Apply(Expect(request, AuthorizerOperation.Refund)));

    /// <inheritdoc />
    /// <remarks>Says what <see cref="InMemoryAuthorizerOptions.SupportsSale"/> says, for every payment in automatic capture.</remarks>
    public bool SupportsSale(PaymentRequest payment)
    {
        ArgumentNullException.ThrowIfNull(payment);
        return _options.SupportsSale && payment.CaptureMode == CaptureMode.Automatic;
    }

    /// <inheritdoc />
    public ValueTask<AuthorizerResult> SaleAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) =>
        new(Apply(Expect(request, AuthorizerOperation.Sale)));

    /// <inheritdoc />
    public ValueTask<AuthorizerResult> QueryAsync(AuthorizerRequest request, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return new(_seen.TryGetValue((request.MerchantId, request.IdempotencyKey, request.Operation), out var seen) ? seen.Result : AuthorizerResult.NotFound());
        }
    }

    private static AuthorizerRequest Expect(AuthorizerRequest request, AuthorizerOperation operation) =>
        request.Operation == operation
            ? request
            : throw new ArgumentException($"A {request.Operation} request was sent to {operation}Async.", nameof(request));

    private AuthorizerResult Apply(AuthorizerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request.Payment);
        if (string.Equals(request.Payer.Token, TestInstruments.TransientFailure.Token, StringComparison.Ordinal))
        {
            return AuthorizerResult.TransientFailure(DeclineCodes.IssuerUnavailable, "The issuer is temporarily unavailable.");
        }

        lock (_lock)
        {
            var id = (request.MerchantId, request.IdempotencyKey, request.Operation);
            if (_seen.TryGetValue(id, out var seen))
            {
                if (seen.Amount != request.Amount || !string.Equals(seen.Account, request.Payer.Token, StringComparison.Ordinal))
                {
                    _mistakes.Add($"{request.Operation} key '{request.IdempotencyKey}' reused for a different operation");
                    return AuthorizerResult.PermanentFailure("idempotency_key_reused", "The idempotency key was used for a different operation.");
                }

                return seen.Result; // a replay: the first outcome, and nothing done twice
            }

            // A switch, not a delegate: no allocation per call on the hot path.
            var result = request.Operation switch
            {
                AuthorizerOperation.Authorize => AuthorizeCore(request),
                AuthorizerOperation.Capture => CaptureCore(request),
                AuthorizerOperation.Void => VoidCore(request),
                AuthorizerOperation.Refund => RefundCore(request),
                AuthorizerOperation.Sale => SaleCore(request),
                _ => throw new ArgumentOutOfRangeException(nameof(request), request.Operation, "Unknown authorizer operation."),
            };
            if (result.IsApproved)
            {
                // A gateway's own id for the operation, as Stripe's ch_/re_ ids: adapters keep them, and so does the record.
                result = result.WithReference(request.Operation.ToString().ToLowerInvariant()[..2] + "_" + (++_references).ToString("D8", System.Globalization.CultureInfo.InvariantCulture));
            }

            _seen[id] = new Seen(request.Amount, request.Payer.Token, result);
            return result;
        }
    }

    private AuthorizerResult AuthorizeCore(AuthorizerRequest request)
    {
        if (_holds.TryGetValue(request.TransactionId, out var earlier))
        {
            // The payment was authorized (or sold) before under another key: a second charge.
            _mistakes.Add($"{request.Operation} of '{request.IdempotencyKey}' for a payment already {earlier.State}");
            return AuthorizerResult.PermanentFailure("duplicate_payment", "The payment was already authorized under another key.");
        }

        if (string.Equals(request.Payer.Token, TestInstruments.Stolen.Token, StringComparison.Ordinal))
        {
            return AuthorizerResult.Declined(DeclineCodes.StolenCard, "The card is reported stolen.", DeclineAdvice.DoNotRetry);
        }

        var ledger = GetLedger(request.Payer.Token, request.Amount.Currency);
        if (ledger.Available < request.Amount.MinorUnits)
        {
            return AuthorizerResult.Declined(DeclineCodes.InsufficientFunds, "The account has insufficient funds.", DeclineAdvice.UseAnotherInstrument);
        }

        ledger.Available -= request.Amount.MinorUnits;
        ledger.Held += request.Amount.MinorUnits;
        _holds[request.TransactionId] = new Hold(request.Payer.Token, request.Amount.Currency, request.Amount.MinorUnits);
        _byKey[(request.MerchantId, request.Payment.IdempotencyKey)] = request.TransactionId;
        return AuthorizerResult.Approved("A" + (++_codes).ToString("D6", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A one-step sale: the authorization and a final capture of all of it, atomically, under the sale's key.</summary>
    private AuthorizerResult SaleCore(AuthorizerRequest request)
    {
        if (!_options.SupportsSale || request.Payment.CaptureMode != CaptureMode.Automatic)
        {
            _mistakes.Add($"sale of '{request.IdempotencyKey}', which this authorizer does not offer for the payment");
            return AuthorizerResult.PermanentFailure("sale_not_supported", "This authorizer does not take that payment as a sale.");
        }

        var authorized = AuthorizeCore(request);
        if (!authorized.IsApproved)
        {
            return authorized;
        }

        var hold = _holds[request.TransactionId];
        var ledger = GetLedger(hold.Account, hold.Currency);
        ledger.Held -= hold.Authorized;
        Credit(request.Payee, hold.Currency, hold.Authorized);
        hold.Captured = hold.Authorized;
        hold.State = HoldState.Captured;
        return authorized;
    }

    private AuthorizerResult CaptureCore(AuthorizerRequest request)
    {
        if (!_holds.TryGetValue(request.TransactionId, out var hold) || hold.State != HoldState.Held || request.Amount.MinorUnits > hold.Authorized - hold.Captured)
        {
            _mistakes.Add($"capture of {request.Amount} on '{request.IdempotencyKey}' in state {hold?.State.ToString() ?? "none"}");
            return AuthorizerResult.PermanentFailure("invalid_capture", "There is no open hold for that amount.");
        }

        var ledger = GetLedger(hold.Account, hold.Currency);
        ledger.Held -= request.Amount.MinorUnits;
        Credit(request.Payee, hold.Currency, request.Amount.MinorUnits);
        hold.Captured += request.Amount.MinorUnits;
        if (request.FinalCapture || hold.Captured == hold.Authorized)
        {
            Release(hold, ledger); // a final capture releases the rest of the hold
        }

        return AuthorizerResult.Approved(request.AuthorizationCode);
    }

    private AuthorizerResult VoidCore(AuthorizerRequest request)
    {
        if (!_holds.TryGetValue(request.TransactionId, out var hold) || hold.State != HoldState.Held)
        {
            _mistakes.Add($"void of '{request.IdempotencyKey}' in state {hold?.State.ToString() ?? "none"}");
            return AuthorizerResult.PermanentFailure("invalid_void", "There is no open hold to void.");
        }

        // After partial captures a void releases the rest, and the hold counts as captured.
        Release(hold, GetLedger(hold.Account, hold.Currency));
        hold.State = hold.Captured > 0 ? HoldState.Captured : HoldState.Voided;
        return AuthorizerResult.Approved(request.AuthorizationCode);
    }

    private AuthorizerResult RefundCore(AuthorizerRequest request)
    {
        // Refunds carry their own key; the payment's hold is found by its transaction id.
        if (!_holds.TryGetValue(request.TransactionId, out var hold) || hold.State != HoldState.Captured || request.Amount.MinorUnits > hold.Captured - hold.Refunded)
        {
            _mistakes.Add($"refund of {request.Amount} with key '{request.IdempotencyKey}' exceeds what was captured");
            return AuthorizerResult.PermanentFailure("invalid_refund", "The refund exceeds the captured amount.");
        }

        GetLedger(hold.Account, hold.Currency).Available += request.Amount.MinorUnits;
        Credit(request.Payee, hold.Currency, -request.Amount.MinorUnits);
        hold.Refunded += request.Amount.MinorUnits;
        return AuthorizerResult.Approved(request.AuthorizationCode);
    }

    private static void Release(Hold hold, Ledger ledger)
    {
        var rest = hold.Authorized - hold.Captured;
        ledger.Held -= rest;
        ledger.Available += rest;
        hold.State = HoldState.Captured;
    }

    private void Credit(string payee, Currency currency, long minorUnits)
    {
        _payees[(payee, currency)] = checked(_payees.GetValueOrDefault((payee, currency)) + minorUnits);
    }

    private Ledger GetLedger(string account, Currency currency)
    {
        if (!_accounts.TryGetValue((account, currency), out var ledger))
        {
            var balance = string.Equals(account, TestInstruments.InsufficientFunds.Token, StringComparison.Ordinal)
                ? 0
                : checked(_options.DefaultBalanceMajorUnits * currency.MinorUnitsPerMajor);
            ledger = new Ledger { Available = balance };
            _accounts[(account, currency)] = ledger;
        }

        return ledger;
    }

    private sealed class Ledger
    {
        public long Available { get; set; }

        public long Held { get; set; }
    }

    private sealed class Hold(string account, Currency currency, long authorized)
    {
        public string Account { get; } = account;

        public Currency Currency { get; } = currency;

        public long Authorized { get; } = authorized;

        public long Captured { get; set; }

        public long Refunded { get; set; }

        public HoldState State { get; set; } = HoldState.Held;
    }

    private readonly record struct Seen(Money Amount, string Account, AuthorizerResult Result);
}
