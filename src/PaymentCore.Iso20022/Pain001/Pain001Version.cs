namespace PaymentCore.Iso20022.Pain001;

/// <summary>The pain.001 message versions the reader understands.</summary>
public enum Pain001Version
{
    /// <summary>pain.001.001.03 (ISO 20022 2009), still the most used version, e.g. by SEPA and Swiss SPS 2009-2018.</summary>
    V03 = 3,

    /// <summary>pain.001.001.09 (ISO 20022 2019), with the requested execution date as a date or date-time choice.</summary>
    V09 = 9,
}
