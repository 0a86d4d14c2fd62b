using System.Text.Json.Serialization;
using PaymentCore.Authorization;
using PaymentCore.Notifications;
using PaymentCore.Payments;
using PaymentCore.StepUp;
using PaymentCore.Transactions;

namespace PaymentCore.Storage.Json;

// The document form of records and events, generated at compile time by System.Text.Json. Names are the camelCase
// property names (format 1 used exactly those); nulls are left out (format 1 left them out, and its reader refuses
// a null decline or pending); enums are written by their exact name, so reordering an enum never reinterprets old rows; amounts,
// times and ids go through the converters below. RecordJsonContract leaves computed properties out. A property
// the record types gain later is stored and read with no change here.
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    Converters =
    [
        typeof(MoneyJsonConverter),
        typeof(TimeJsonConverter),
        typeof(TransactionIdJsonConverter),

        // Every enum the documents hold, by name (a test fails, naming the enum, when one is missing here).
        typeof(EnumNameJsonConverter<TransactionStatus>),
        typeof(EnumNameJsonConverter<AuthorizerOperation>),
        typeof(EnumNameJsonConverter<CaptureMode>),
        typeof(EnumNameJsonConverter<InstrumentKind>),
        typeof(EnumNameJsonConverter<DeclineAdvice>),
        typeof(EnumNameJsonConverter<Rules.RuleVerdict>),
        typeof(EnumNameJsonConverter<StepUpTrigger>),
        typeof(EnumNameJsonConverter<StepUpChallengeStatus>),
        typeof(EnumNameJsonConverter<StepUpVerdict>),
    ])]
[JsonSerializable(typeof(TransactionRecord))]
[JsonSerializable(typeof(PaymentEvent))]
internal sealed partial class RecordJsonContext : JsonSerializerContext;
