using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using System.Text.Json;
using PaymentCore.Notifications;
using PaymentCore.Transactions;

namespace PaymentCore.Storage.Json;

// The generated contract, adjusted in three ways that hold for every type and every property, present or future:
// computed properties (no setter, no constructor parameter) are not stored; records and events start with
// "format": 1; and a constructor parameter is required exactly when it is non-nullable and has no default. So a missing amount or time is an error, as in format 1, while a nullable
// property added later reads as null from documents written before it existed.
internal static class RecordJsonContract
{
    private const int FormatVersion = 1;

    // Declared first: static fields initialize in order, and Options below already runs Adjust.
    private static readonly HashSet<string> AddedInFormat1Point1 = new(StringComparer.Ordinal) { "captureOpen", "operations", "dueAt" };

    internal static readonly JsonSerializerOptions Options = new(RecordJsonContext.Default.Options)
    {
        TypeInfoResolver = RecordJsonContext.Default.WithAddedModifier(Adjust),
    };

    public static JsonTypeInfo<TransactionRecord> Record { get; } = (JsonTypeInfo<TransactionRecord>)Options.GetTypeInfo(typeof(TransactionRecord));

    public static JsonTypeInfo<PaymentEvent> Event { get; } = (JsonTypeInfo<PaymentEvent>)Options.GetTypeInfo(typeof(PaymentEvent));

    private static void Adjust(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        if (type.Type == typeof(TransactionRecord))
        {
            // Its constructor is internal (issue 10), which the generated contract does not call by itself.
            type.CreateObject = static () => new TransactionRecord();
        }

        for (var i = type.Properties.Count - 1; i >= 0; i--)
        {
            var property = type.Properties[i];
            if (type.Type == typeof(TransactionRecord) && property.AttributeProvider is PropertyInfo { SetMethod: { } init })
            {
                // TransactionRecord's members are `{ get; internal init; }` (issue 10), which the generated contract
                // cannot set: set them through the accessor itself, bound once per property. Any member added with an
                // init accessor is stored and read with no change here.
                property.Set = CreateSetter(init, property.PropertyType);
            }

            if (type.Type == typeof(TransactionRecord) && AddedInFormat1Point1.Contains(property.Name))
            {
                // Added after format 1 was first written (issue 9): documents written before leave them out, and
                // they must still read, with the default (no capture open, operations not counted, not due).
                property.IsRequired = false;
            }
            else if (property.AssociatedParameter is { } parameter)
            {
                property.IsRequired = !parameter.HasDefaultValue && !parameter.IsNullable;
            }
            else if (property.Set is null)
            {
                // Computed from other fields (Net, Refundable, IsTerminal, MerchantId...): storing it would only
                // store a second copy that could disagree with the first.
                type.Properties.RemoveAt(i);
            }
        }

        if (type.Type == typeof(TransactionRecord) || type.Type == typeof(PaymentEvent))
        {
            // Written first, ignored when read: a later format can tell its documents apart without breaking this one.
            var format = type.CreateJsonPropertyInfo(typeof(int), "format");
            format.Get = static _ => FormatVersion;
            type.Properties.Insert(0, format);
        }
    }

    private static Action<object, object?> CreateSetter(MethodInfo init, Type propertyType) =>
        (Action<object, object?>)typeof(RecordJsonContract)
            .GetMethod(nameof(BindSetter), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(propertyType)
            .Invoke(null, [init])!;

    // A typed delegate over the accessor: no reflection per value read, only once per property at start.
    private static Action<object, object?> BindSetter<T>(MethodInfo init)
    {
        var set = init.CreateDelegate<Action<TransactionRecord, T>>();
        return (record, value) => set((TransactionRecord)record, (T)value!);
    }
}
