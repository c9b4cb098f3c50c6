export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness */
        get: operations["health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness */
        get: operations["ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics
         * @description Requests by route, method and status with latency histograms, requests in flight, password computations waiting, running and refused, database pool connections and waits, limits hit, mails queued, sent and failed. Meant for the operator's scraper: keep it off the public side of the load balancer.
         */
        get: operations["metrics_text"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Log a tenant in
         * @description Checks the user name and password; answers the contact and a session token.
         */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register a tenant or a lead
         * @description With canCreateLoginCredentials a tenant (credentials and a token; a code to confirm the address is mailed), else a lead (contact only; a known address changes nothing stored and is recorded as another enquiry). With credentials, an address a contact has already (lead or tenant) answers 202 VERIFICATION_REQUIRED and changes nothing: a mail goes to the address, and a lead's registration completes through POST /v1/register/verify. With auth.registration_requires_verification every registration with credentials answers 202.
         */
        post: operations["register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/register/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Prove an address with the mailed code
         * @description For a lead's address (after a registration answered 202 VERIFICATION_REQUIRED) it completes the registration with the password given here: 201 with the register response (contact and token). For a new tenant's address it confirms the address (password not needed): 200 with the contact id. Each try counts against the address's attempt limit; a code is single use, valid 15 minutes and dead after 5 wrong tries.
         */
        post: operations["verify"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/password/forgot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mail a code to choose a new password
         * @description Always 202 with data null and status SUCCESS, whether or not the address is known; a code (valid 15 minutes) is mailed if the address has a login. A new code replaces the previous one.
         */
        post: operations["forgot_password"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/password/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Choose a new password with the mailed code
         * @description Sets the new password, ends every session of the tenant and begins a new one, whose token is in the X-Token response header; the address counts as verified. Each try counts against the address's attempt limit.
         */
        post: operations["reset_password"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reference/countries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every country of ISO 3166-1 */
        get: operations["countries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reference/countries/{id}/regions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The regions of a country */
        get: operations["regions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenant/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Tenant information
         * @description The profile, insights, every contract (newest first) and the unpaid invoices (oldest due date first), against today's date in UTC.
         */
        get: operations["tenant_info"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenant": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Tenant information (without the trailing slash) */
        get: operations["tenant_info_without_slash"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenant/profile": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's profile */
        get: operations["get_profile"];
        /**
         * Update the tenant's profile
         * @description Replaces name, phone, e-mail and home address with the registration rules; communicationAddress: an object replaces it, null removes it, absent keeps it. The login user name does not change.
         */
        put: operations["update_profile"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenant/profile/change-display-picture": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Replace the profile picture
         * @description One file part named profileImage; JPEG, PNG or WebP recognised from the bytes, decoded (at most storage.max_picture_pixels pixels) and encoded again in its format: metadata is dropped and the picture turned upright. The previous picture is removed.
         */
        put: operations["change_display_picture"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenant/profile/change-password/request": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Request a password change
         * @description Issues a new concurrency stamp (replacing any earlier one), valid 15 minutes by default.
         */
        get: operations["request_password_change"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenant/profile/change-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Change the password
         * @description Succeeds only with the current, unexpired concurrency stamp and the right existing password; rotates the security stamp, so earlier tokens stop working. The fresh token is in the X-Token response header.
         */
        put: operations["change_password"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenant/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Log out
         * @description Ends the session the token belongs to: the token stops working at once, on every server process. Other sessions of the tenant go on.
         */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenant/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's sessions
         * @description Every live session (a login or registration not logged out, ended or expired), newest first; `current` marks the request's own. `lastUsedAt` is coarse (written at most every 5 minutes).
         */
        get: operations["sessions"];
        put?: never;
        post?: never;
        /**
         * End the other sessions
         * @description Ends every live session of the tenant except the request's own (a lost phone, a shared computer): their tokens stop working at once, on every server process.
         */
        delete: operations["end_other_sessions"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transaction/invoice/list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's invoices
         * @description Invoices of every state (unpaid, partly paid, paid, cancelled), newest first. Cancelled invoices stay listed and count for nothing.
         */
        get: operations["invoices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transaction/credit-note/list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's credit notes
         * @description Credit notes (an amount taken off one invoice), newest first.
         */
        get: operations["credit_notes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transaction/voucher/receipt/list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's receipt vouchers
         * @description Money received from the tenant, newest first, with what it paid of which invoice; advanceAmount is the part not allocated to an invoice.
         */
        get: operations["receipts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transaction/voucher/payment/list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's payment vouchers
         * @description Money paid to the tenant (a deposit refund, an advance paid back), newest first.
         */
        get: operations["payment_vouchers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transaction/ledger/list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's ledger
         * @description Every invoice, credit note, receipt, payment voucher, reversal and cancellation as one account statement, newest first (by ledgerIndex: the order they were posted in), each with the balance after it: what the tenant owes, negative when in credit.
         */
        get: operations["ledger"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/files/profile-images/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A profile picture
         * @description The URL in profileImageInfoPath.url; needs no headers. Served with its content type, X-Content-Type-Options: nosniff, an ETag and long-lived private caching (the URL changes with the picture); If-None-Match with the ETag answers 304. HEAD answers the headers alone.
         */
        get: operations["serve_picture"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This API's OpenAPI 3.1 description */
        get: operations["openapi_json"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This reference page */
        get: operations["reference_page"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description `communicationAddress`. */
        AddressDto: {
            address: string | null;
            city: string | null;
            postalCode: string | null;
            region: components["schemas"]["RegionRef"] | null;
            country: components["schemas"]["CountryDto"] | null;
        };
        /** @description A postal address in a request, with the documentation example's spellings as aliases. */
        AddressRequest: {
            /** @description Street and number, 2–250 characters. */
            address?: string | null;
            /** @description City, 2–60 characters. */
            city?: string | null;
            /**
             * Format: int32
             * @description Region id; 0 or absent is none. Must exist and belong to the country.
             */
            region?: number | null;
            /**
             * Format: int32
             * @description Country id (ISO 3166-1 numeric, see /v1/reference/countries); 0 or absent is none; alias `country`.
             */
            countryId?: number | null;
            /** @description Postal code, 4–15 characters; alias `postalCode`. */
            zipCode?: string | null;
        };
        /** @description What a receipt paid of one invoice. */
        AllocationDto: {
            /** Format: uuid */
            invoiceId: string;
            invoiceTransactId: string;
            amount: components["schemas"]["MoneyDto"];
        };
        /** @description `authContactBookInfo`: the contact as login and registration return it. */
        AuthContactBookInfo: {
            /** Format: uuid */
            id: string;
            firstName: string;
            lastName: string;
            /** Format: email */
            email: string;
            phoneNumber: string;
            address: string | null;
            city: string | null;
            /** Format: int32 */
            region: number;
            postalCode: string | null;
            /** Format: int32 */
            country: number;
        };
        /** @description The `data` of login and registration. */
        AuthData: {
            authContactBookInfo: components["schemas"]["AuthContactBookInfo"];
            /** @description The session token (a JWT); absent for a lead. */
            token?: string | null;
        };
        /** @description The body of `PUT /v1/tenant/profile/change-password`. */
        ChangePasswordRequest: {
            /**
             * Format: password
             * @description The current password.
             */
            existingPassword: string;
            /**
             * Format: password
             * @description 8–72 bytes, no control characters, not the current password, not built from the user name, not a common password.
             */
            newPassword: string;
            /**
             * Format: uuid
             * @description The stamp from GET /v1/tenant/profile/change-password/request.
             */
            concurrencyStamp: string;
        };
        /** @description `contactBook` as the tenant endpoints show it. */
        ContactBookDto: {
            /** Format: uuid */
            id: string;
            firstName: string;
            lastName: string;
            /** Format: email */
            email: string;
            /** @description Whether the tenant proved this address with a mailed code. */
            emailVerified: boolean;
            phoneNumber: string;
            address: string | null;
            city: string | null;
            postalCode: string | null;
            region: components["schemas"]["RegionRef"] | null;
            country: components["schemas"]["CountryDto"] | null;
            profileImageInfoPath: components["schemas"]["ImageInfo"] | null;
            communicationAddress: components["schemas"]["AddressDto"] | null;
        };
        /** @description Contact details in a request (registration and profile update share them). */
        ContactRequest: components["schemas"]["AddressRequest"] & {
            /** @description Required, 2–60 characters. */
            firstName: string;
            /** @description Required, 2–60 characters. */
            lastName: string;
            /** @description Required; at most 15 characters once trimmed: digits, spaces and ( ) . -, a + only in front, at least 3 digits. */
            phoneNumber: string;
            /**
             * Format: email
             * @description Required e-mail address, at most 100 characters; alias `email`.
             */
            emailId: string;
        };
        /** @description A contract as the tenant sees it. */
        ContractDto: {
            /** Format: uuid */
            id: string;
            contractNumber: string;
            /** @enum {string} */
            status: "ACTIVE" | "ENDED" | "TERMINATING";
            property: components["schemas"]["PropertyRef"];
            unit: components["schemas"]["UnitRef"];
            /** Format: date */
            startDate: string;
            /** Format: date */
            endDate: string | null;
            rent: components["schemas"]["MoneyDto"];
            /** @enum {string} */
            paymentPeriod: "MONTHLY" | "QUARTERLY" | "YEARLY";
            deposit: components["schemas"]["MoneyDto"];
        };
        /** @description A country as the API shows it. */
        CountryDto: {
            /** Format: int32 */
            id: number;
            name: string;
            isoCode2: string;
            isoCode3: string;
            dialingCode: string;
        };
        /** @description A credit note: an amount taken off one invoice. */
        CreditNoteDto: {
            /** Format: uuid */
            id: string;
            transactId: string;
            /** Format: date */
            transactDate: string;
            /**
             * @description `CREDIT_NOTE`.
             * @constant
             */
            transactionType: "CREDIT_NOTE";
            transactionTypeValue: string;
            amount: components["schemas"]["MoneyDto"];
            /** Format: uuid */
            invoiceId: string;
            invoiceTransactId: string;
            reason: string;
        };
        /** @description A ledger entry's type: its code and name. */
        EntryTypeDto: {
            /**
             * @description `RENTAL`, `CUSTOM`, `LATE_FEE`, `DEPOSIT`, `CREDIT_NOTE`, `RECEIPT`, `PAYMENT`,
             *     `REVERSAL` or `CANCELLATION`.
             * @enum {string}
             */
            code: "RENTAL" | "CUSTOM" | "LATE_FEE" | "DEPOSIT" | "CREDIT_NOTE" | "RECEIPT" | "PAYMENT" | "REVERSAL" | "CANCELLATION";
            /** @description e.g. "Rental Invoice". */
            name: string;
        };
        /** @description A success carrying AuthData: keys in this order. */
        Envelope_AuthData: {
            data: components["schemas"]["AuthData"];
            /** @constant */
            succeeded: true;
            /** @constant */
            status: "SUCCESS";
            errors: null;
        };
        /** @description A success carrying Health: keys in this order. */
        Envelope_Health: {
            data: components["schemas"]["Health"];
            /** @constant */
            succeeded: true;
            /** @constant */
            status: "SUCCESS";
            errors: null;
        };
        /** @description A success carrying ProfileDto: keys in this order. */
        Envelope_ProfileDto: {
            data: components["schemas"]["ProfileDto"];
            /** @constant */
            succeeded: true;
            /** @constant */
            status: "SUCCESS";
            errors: null;
        };
        /** @description A success carrying Ready: keys in this order. */
        Envelope_Ready: {
            data: components["schemas"]["Ready"];
            /** @constant */
            succeeded: true;
            /** @constant */
            status: "SUCCESS";
            errors: null;
        };
        /** @description A success carrying String: keys in this order. */
        Envelope_String: {
            data: string;
            /** @constant */
            succeeded: true;
            /** @constant */
            status: "SUCCESS";
            errors: null;
        };
        /** @description A success carrying TenantInfoDto: keys in this order. */
        Envelope_TenantInfoDto: {
            data: components["schemas"]["TenantInfoDto"];
            /** @constant */
            succeeded: true;
            /** @constant */
            status: "SUCCESS";
            errors: null;
        };
        /** @description A success carrying Vec_CountryDto: keys in this order. */
        Envelope_Vec_CountryDto: {
            data: components["schemas"]["CountryDto"][];
            /** @constant */
            succeeded: true;
            /** @constant */
            status: "SUCCESS";
            errors: null;
        };
        /** @description A success carrying Vec_RegionDto: keys in this order. */
        Envelope_Vec_RegionDto: {
            data: components["schemas"]["RegionDto"][];
            /** @constant */
            succeeded: true;
            /** @constant */
            status: "SUCCESS";
            errors: null;
        };
        /** @description A success carrying Vec_SessionDto: keys in this order. */
        Envelope_Vec_SessionDto: {
            data: components["schemas"]["SessionDto"][];
            /** @constant */
            succeeded: true;
            /** @constant */
            status: "SUCCESS";
            errors: null;
        };
        /** @description A success carrying u64: keys in this order. */
        Envelope_u64: {
            data: number;
            /** @constant */
            succeeded: true;
            /** @constant */
            status: "SUCCESS";
            errors: null;
        };
        /** @description A failure: at least one error, each with its documented code. */
        ErrorEnvelope: {
            data: null;
            /** @constant */
            succeeded: false;
            /** @constant */
            status: "ERROR";
            errors: components["schemas"]["ErrorItem"][];
        };
        /** @description One error of a failed request. */
        ErrorItem: {
            /** @description The documented error code, e.g. `INVALID_PARAM_FIRSTNAME`. */
            code: string;
            /** @description A sentence for the developer. */
            message: string;
            /** @description The request field at fault, when one is. */
            field?: string | null;
        };
        /** @description The body of `POST /v1/password/forgot`. */
        ForgotPasswordRequest: {
            /**
             * Format: email
             * @description The login's e-mail address.
             */
            userName: string;
        };
        /** @description Liveness. */
        Health: {
            /** @enum {string} */
            status: "UP";
        };
        /** @description `profileImageInfoPath`. */
        ImageInfo: {
            /** Format: uri */
            url: string;
            /** @enum {string} */
            contentType: "image/jpeg" | "image/png" | "image/webp";
            /** Format: int64 */
            size: number;
            /** Format: date-time */
            updatedAt: string;
        };
        /** @description `insights`. */
        InsightsDto: {
            activeContracts: number;
            totalContracts: number;
            unpaidInvoices: number;
            overdueInvoices: number;
            totalOutstanding: components["schemas"]["MoneyDto"];
            totalOverdue: components["schemas"]["MoneyDto"];
            /** Format: date */
            nextDueDate: string | null;
            nextDueAmount: components["schemas"]["MoneyDto"] | null;
        };
        /** @description An unpaid invoice. */
        InvoiceDto: {
            /** Format: uuid */
            id: string;
            transactId: string;
            /** Format: date */
            transactDate: string;
            /** Format: date */
            dueDate: string;
            /** @enum {string} */
            transactionType: "RENTAL" | "CUSTOM" | "LATE_FEE" | "DEPOSIT";
            /** Format: uuid */
            contractId: string | null;
            grossAmount: components["schemas"]["MoneyDto"];
            paidAmount: components["schemas"]["MoneyDto"];
            balanceAmount: components["schemas"]["MoneyDto"];
            isOverdue: boolean;
        };
        /** @description An invoice of the list, in any state. */
        InvoiceLineDto: {
            /** Format: uuid */
            id: string;
            transactId: string;
            /** Format: date */
            transactDate: string;
            /** Format: date */
            dueDate: string;
            /**
             * @description `RENTAL`, `CUSTOM`, `LATE_FEE` or `DEPOSIT`.
             * @enum {string}
             */
            transactionType: "RENTAL" | "CUSTOM" | "LATE_FEE" | "DEPOSIT";
            /** @description Its label, e.g. "Rental Invoice". */
            transactionTypeValue: string;
            /**
             * Format: uuid
             * @description The contract's id, or null.
             */
            rentalInfoId: string | null;
            grossAmount: components["schemas"]["MoneyDto"];
            paidAmount: components["schemas"]["MoneyDto"];
            creditedAmount: components["schemas"]["MoneyDto"];
            balanceAmount: components["schemas"]["MoneyDto"];
            /**
             * @description `UNPAID`, `PARTIALLY_PAID`, `PAID` or `CANCELLED`.
             * @enum {string}
             */
            status: "UNPAID" | "PARTIALLY_PAID" | "PAID" | "CANCELLED";
            isOverdue: boolean;
            /** @description Cancelled after it was posted (a reversal line offsets it in the ledger). */
            isReversed: boolean;
        };
        /** @description One line of the tenant's account statement. */
        LedgerEntryDto: {
            /** Format: uuid */
            id: string;
            /**
             * Format: int64
             * @description 1 for the oldest entry.
             */
            ledgerIndex: number;
            transactId: string;
            /** Format: date */
            transactDate: string;
            transactionType: components["schemas"]["EntryTypeDto"];
            /** @description The contract's number, or null. */
            rentalTransactId: string | null;
            /**
             * Format: uuid
             * @description The invoice a credit note, receipt or reversal refers to, or null.
             */
            referenceBookInfoId: string | null;
            referenceBookInfoTransactId: string | null;
            payment: components["schemas"]["MoneyDto"] | null;
            receipt: components["schemas"]["MoneyDto"] | null;
            /** @description What the tenant owes after the entry; negative: in credit. */
            balance: components["schemas"]["MoneyDto"];
        };
        /**
         * @description The body of `POST /v1/login`.
         * @example {
         *       "userName": "laurent.martin@example.com",
         *       "password": "Super@123"
         *     }
         */
        LoginRequest: {
            /**
             * Format: email
             * @description The e-mail address registered as user name.
             */
            userName: string;
            /**
             * Format: password
             * @description The password.
             */
            password: string;
        };
        /** @description `{ amount, formattedAmount, currency }`. */
        MoneyDto: {
            /** Format: double */
            amount: number;
            formattedAmount: string;
            currency: string;
        };
        /** @description A success without data; status VERIFICATION_REQUIRED when the outcome waits on a code mailed to the address. */
        NoDataEnvelope: {
            data: null;
            /** @constant */
            succeeded: true;
            /** @enum {string} */
            status: "SUCCESS" | "VERIFICATION_REQUIRED";
            errors: null;
        };
        /** @description A page of CreditNoteDto items: the success envelope with pagination after errors. */
        PagedEnvelope_Vec_CreditNoteDto: {
            data: components["schemas"]["CreditNoteDto"][];
            /** @constant */
            succeeded: true;
            /** @constant */
            status: "SUCCESS";
            errors: null;
            pagination: components["schemas"]["Pagination"];
        };
        /** @description A page of InvoiceLineDto items: the success envelope with pagination after errors. */
        PagedEnvelope_Vec_InvoiceLineDto: {
            data: components["schemas"]["InvoiceLineDto"][];
            /** @constant */
            succeeded: true;
            /** @constant */
            status: "SUCCESS";
            errors: null;
            pagination: components["schemas"]["Pagination"];
        };
        /** @description A page of LedgerEntryDto items: the success envelope with pagination after errors. */
        PagedEnvelope_Vec_LedgerEntryDto: {
            data: components["schemas"]["LedgerEntryDto"][];
            /** @constant */
            succeeded: true;
            /** @constant */
            status: "SUCCESS";
            errors: null;
            pagination: components["schemas"]["Pagination"];
        };
        /** @description A page of PaymentVoucherDto items: the success envelope with pagination after errors. */
        PagedEnvelope_Vec_PaymentVoucherDto: {
            data: components["schemas"]["PaymentVoucherDto"][];
            /** @constant */
            succeeded: true;
            /** @constant */
            status: "SUCCESS";
            errors: null;
            pagination: components["schemas"]["Pagination"];
        };
        /** @description A page of ReceiptDto items: the success envelope with pagination after errors. */
        PagedEnvelope_Vec_ReceiptDto: {
            data: components["schemas"]["ReceiptDto"][];
            /** @constant */
            succeeded: true;
            /** @constant */
            status: "SUCCESS";
            errors: null;
            pagination: components["schemas"]["Pagination"];
        };
        /** @description Where a page is in its list. */
        Pagination: {
            /**
             * Format: int64
             * @description The page, from 1.
             */
            pageNumber: number;
            /**
             * Format: int64
             * @description Items per page.
             */
            pageSize: number;
            /**
             * Format: int64
             * @description How many pages the list has (0 when it is empty).
             */
            totalPages: number;
            /**
             * Format: int64
             * @description How many items the list has.
             */
            totalCount: number;
        };
        /** @description A payment voucher: money paid to the tenant. */
        PaymentVoucherDto: {
            /** Format: uuid */
            id: string;
            transactId: string;
            /** Format: date */
            transactDate: string;
            /**
             * @description `PAYMENT`.
             * @constant
             */
            transactionType: "PAYMENT";
            transactionTypeValue: string;
            grossAmount: components["schemas"]["MoneyDto"];
            reason: string;
        };
        /** @description The multipart form of a picture upload. */
        PictureUpload: {
            /**
             * Format: binary
             * @description One JPEG, PNG or WebP file, at most 5 MiB by default.
             */
            profileImage: Blob;
        };
        /** @description The `data` of `GET /v1/tenant/profile`. */
        ProfileDto: {
            /** @description The contact. */
            contactBook: components["schemas"]["ContactBookDto"];
        };
        /**
         * @description The body of `PUT /v1/tenant/profile`.
         * @example {
         *       "firstName": "Laurent",
         *       "lastName": "Martin",
         *       "phoneNumber": "+33 612345678",
         *       "emailId": "laurent.martin@example.com",
         *       "address": "12 rue de la Paix",
         *       "city": "Paris",
         *       "region": 0,
         *       "countryId": 250,
         *       "zipCode": "75002"
         *     }
         */
        ProfileRequest: components["schemas"]["ContactRequest"] & {
            communicationAddress?: components["schemas"]["AddressRequest"] | null;
        };
        /** @description A contract's property. */
        PropertyRef: {
            /** Format: uuid */
            id: string;
            name: string;
            city: string | null;
        };
        /** @description Readiness. */
        Ready: {
            /** @enum {string} */
            status: "READY";
            /**
             * @description `sqlite` or `postgres`.
             * @enum {string}
             */
            database: "sqlite" | "postgres";
        };
        /** @description A receipt voucher: money received from the tenant. */
        ReceiptDto: {
            /** Format: uuid */
            id: string;
            transactId: string;
            /** Format: date */
            transactDate: string;
            /**
             * @description `RECEIPT`.
             * @constant
             */
            transactionType: "RECEIPT";
            transactionTypeValue: string;
            paymentMethod: string;
            grossAmount: components["schemas"]["MoneyDto"];
            /** @description The part not allocated to an invoice. */
            advanceAmount: components["schemas"]["MoneyDto"];
            allocations: components["schemas"]["AllocationDto"][];
        };
        /** @description A region as the reference endpoint shows it. */
        RegionDto: {
            /** Format: int32 */
            id: number;
            name: string;
            code: string;
            /** Format: int32 */
            countryId: number;
        };
        /** @description A region in a profile: `{ id, name }`. */
        RegionRef: {
            /** Format: int32 */
            id: number;
            name: string;
        };
        /** @description The body of POST /v1/register: a lead or a tenant. The documentation example's spellings are accepted as aliases: `email` for `emailId`, `postalCode` for `zipCode`, `country` for `countryId`. */
        RegisterRequest: components["schemas"]["LeadRegistration"] | components["schemas"]["TenantRegistration"];
        /** @description The body of `POST /v1/password/reset`. */
        ResetPasswordRequest: {
            /**
             * Format: email
             * @description The login's e-mail address.
             */
            userName: string;
            /**
             * @description The 8 digits of the mailed code, as text (spaces are ignored).
             * @example 04718255
             */
            code: string;
            /**
             * Format: password
             * @description 8–72 bytes, no control characters, not built from the user name, not a common password.
             */
            newPassword: string;
        };
        /** @description A live session, in `GET /v1/tenant/sessions`. */
        SessionDto: {
            /** Format: uuid */
            id: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            lastUsedAt: string;
            userAgent: string | null;
            current: boolean;
        };
        /** @description The `data` of `GET /v1/tenant/`. */
        TenantInfoDto: {
            contactBook: components["schemas"]["ContactBookDto"];
            insights: components["schemas"]["InsightsDto"];
            contracts: components["schemas"]["ContractDto"][];
            unpaidInvoices: components["schemas"]["InvoiceDto"][];
        };
        /** @description A contract's unit. */
        UnitRef: {
            /** Format: uuid */
            id: string;
            unitNumber: string;
            /** Format: double */
            size: number;
            /** @enum {string} */
            sizeUnit: "m2" | "m3";
            storageType: string;
        };
        /** @description The body of `POST /v1/register/verify`. */
        VerifyRequest: {
            /**
             * Format: email
             * @description The address the code was mailed to.
             */
            userName: string;
            /**
             * @description The 8 digits of the mailed code, as text (spaces are ignored).
             * @example 04718255
             */
            code: string;
            /**
             * Format: password
             * @description The password of the new login: needed (8–72 bytes, the password policy) when the code completes a registration; ignored when it confirms an address.
             */
            password?: string | null;
        };
        /**
         * @description A website enquiry: a contact without login credentials (a lead).
         * @example {
         *       "firstName": "Laurent",
         *       "lastName": "Martin",
         *       "phoneNumber": "+33 612345678",
         *       "emailId": "laurent.martin@example.com",
         *       "address": "12 rue de la Paix",
         *       "city": "Paris",
         *       "region": 0,
         *       "countryId": 250,
         *       "zipCode": "75002"
         *     }
         */
        LeadRegistration: components["schemas"]["ContactRequest"] & {
            /**
             * @description false, null or absent: a lead.
             * @enum {boolean|null}
             */
            canCreateLoginCredentials?: false | null;
            /**
             * Format: uuid
             * @description One of the company's properties.
             */
            propertyInfoId?: string | null;
        };
        /**
         * @description A tenant with login credentials; `userName` must be the `emailId` address.
         * @example {
         *       "firstName": "Laurent",
         *       "lastName": "Martin",
         *       "phoneNumber": "+33 612345678",
         *       "emailId": "laurent.martin@example.com",
         *       "address": "12 rue de la Paix",
         *       "city": "Paris",
         *       "region": 0,
         *       "countryId": 250,
         *       "zipCode": "75002",
         *       "canCreateLoginCredentials": true,
         *       "userName": "laurent.martin@example.com",
         *       "password": "Super@123"
         *     }
         */
        TenantRegistration: components["schemas"]["ContactRequest"] & {
            /**
             * @description true: a tenant with login credentials.
             * @enum {boolean}
             */
            canCreateLoginCredentials: true;
            /**
             * Format: email
             * @description The login: the same address as `emailId`.
             */
            userName: string;
            /**
             * Format: password
             * @description 8–72 bytes, no control characters, not built from the user name, not a common password.
             */
            password: string;
            /**
             * Format: uuid
             * @description One of the company's properties.
             */
            propertyInfoId?: string | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process runs */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope_Health"];
                };
            };
        };
    };
    ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The database answers */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope_Ready"];
                };
            };
            /** @description SOMETHING_WENT_WRONG */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SERVICE_UNAVAILABLE: the database cannot be reached, or the server is draining before it stops (SIGTERM) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    metrics_text: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The metrics */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain; version=0.0.4": string;
                };
            };
        };
    };
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginRequest"];
            };
        };
        responses: {
            /** @description Logged in */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope_AuthData"];
                };
            };
            /** @description INVALID_INPUT_PARAM, INVALID_PARAM_USER_NAME, INVALID_PARAM_USER_PASSWORD */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description INVALID_API_KEY, INVALID_USER_LOGIN */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description TOO_MANY_REQUESTS: the user name was tried too often, or this client is over its request budget or its password checks in flight; `Retry-After` says when to try again */
            429: {
                headers: {
                    /** @description Seconds until a request is admitted again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SOMETHING_WENT_WRONG */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SERVICE_UNAVAILABLE: the database cannot be reached, or too many passwords are being checked at once (then with `Retry-After: 1`) */
            503: {
                headers: {
                    /** @description Seconds to wait, when the password checks are overloaded */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    register: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterRequest"];
            };
        };
        responses: {
            /** @description Registered */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope_AuthData"];
                };
            };
            /** @description VERIFICATION_REQUIRED: a code or a notice was mailed to the address; data is null */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NoDataEnvelope"];
                };
            };
            /** @description INVALID_INPUT_PARAM, INVALID_PARAM_USER_NAME, INVALID_PARAM_TENANT_USER_NAME, INVALID_PARAM_USER_PASSWORD, INVALID_PARAM_FIRSTNAME, INVALID_PARAM_LASTNAME, INVALID_PARAM_CONTACT_NUMBER, INVALID_PARAM_EMAIL_ID, INVALID_PARAM_ADDRESS, INVALID_PARAM_CITY, INVALID_PARAM_REGION, INVALID_PARAM_COUNTRY, INVALID_PARAM_POSTAL_CODE, INVALID_PARAM_PROPERTY_INFO_ID */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description INVALID_API_KEY */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description USER_NAME_ALREADY_EXISTS: only when two registrations of one new address race, and this one lost */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description TOO_MANY_REQUESTS: this client is over its request budget or its password checks in flight; `Retry-After` says when to try again */
            429: {
                headers: {
                    /** @description Seconds until a request is admitted again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description CONTACT_CREATION_FAILED, TENANT_REGISTERATION_FAILED, SOMETHING_WENT_WRONG */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SERVICE_UNAVAILABLE: the database cannot be reached, or too many passwords are being checked at once (then with `Retry-After: 1`) */
            503: {
                headers: {
                    /** @description Seconds to wait, when the password checks are overloaded */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    verify: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VerifyRequest"];
            };
        };
        responses: {
            /** @description The address is confirmed; data is the contact id */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope_String"];
                };
            };
            /** @description The registration is complete */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope_AuthData"];
                };
            };
            /** @description INVALID_INPUT_PARAM, INVALID_PARAM_USER_NAME, INVALID_VERIFICATION_CODE (wrong, expired, used or dead: one code for all), INVALID_PARAM_USER_PASSWORD (missing or failing the policy when completing a registration) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description INVALID_API_KEY */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description TOO_MANY_REQUESTS: the address was tried too often, or this client is over its request budget; `Retry-After` says when to try again */
            429: {
                headers: {
                    /** @description Seconds until a request is admitted again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description TENANT_REGISTERATION_FAILED, SOMETHING_WENT_WRONG */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SERVICE_UNAVAILABLE: the database cannot be reached, or too many passwords are being hashed at once (then with `Retry-After: 1`) */
            503: {
                headers: {
                    /** @description Seconds to wait, when password hashing is overloaded */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    forgot_password: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ForgotPasswordRequest"];
            };
        };
        responses: {
            /** @description Accepted; data is null */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NoDataEnvelope"];
                };
            };
            /** @description INVALID_INPUT_PARAM, INVALID_PARAM_USER_NAME (not an e-mail address) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description INVALID_API_KEY */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description TOO_MANY_REQUESTS: this client is over its request budget; `Retry-After` says when to try again */
            429: {
                headers: {
                    /** @description Seconds until a request is admitted again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SOMETHING_WENT_WRONG */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SERVICE_UNAVAILABLE: the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    reset_password: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResetPasswordRequest"];
            };
        };
        responses: {
            /** @description The contact id */
            200: {
                headers: {
                    /** @description The token of the new session */
                    "X-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope_String"];
                };
            };
            /** @description INVALID_INPUT_PARAM, INVALID_PARAM_USER_NAME, INVALID_VERIFICATION_CODE (wrong, expired, used or dead, or no login: one code for all), INVALID_PARAM_NEW_PASSWORD */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description INVALID_API_KEY */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description TOO_MANY_REQUESTS: the address was tried too often, or this client is over its request budget; `Retry-After` says when to try again */
            429: {
                headers: {
                    /** @description Seconds until a request is admitted again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SOMETHING_WENT_WRONG */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SERVICE_UNAVAILABLE: the database cannot be reached, or too many passwords are being hashed at once (then with `Retry-After: 1`) */
            503: {
                headers: {
                    /** @description Seconds to wait, when password hashing is overloaded */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    countries: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Countries by name */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope_Vec_CountryDto"];
                };
            };
            /** @description INVALID_API_KEY */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SOMETHING_WENT_WRONG */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    regions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The country's ISO 3166-1 numeric code */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Regions by name */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope_Vec_RegionDto"];
                };
            };
            /** @description INVALID_PARAM_COUNTRY */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description INVALID_API_KEY */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SOMETHING_WENT_WRONG */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    tenant_info: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The tenant's information */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope_TenantInfoDto"];
                };
            };
            /** @description INVALID_API_KEY, INVALID_TOKEN, TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description NO_RECORDS_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SOMETHING_WENT_WRONG */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    tenant_info_without_slash: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The tenant's information */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope_TenantInfoDto"];
                };
            };
            /** @description INVALID_API_KEY, INVALID_TOKEN, TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description NO_RECORDS_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SOMETHING_WENT_WRONG */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    get_profile: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The profile */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope_ProfileDto"];
                };
            };
            /** @description INVALID_API_KEY, INVALID_TOKEN, TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description NO_RECORDS_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SOMETHING_WENT_WRONG */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    update_profile: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProfileRequest"];
            };
        };
        responses: {
            /** @description The contact id */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope_String"];
                };
            };
            /** @description INVALID_INPUT_PARAM, INVALID_PARAM_FIRSTNAME, INVALID_PARAM_LASTNAME, INVALID_PARAM_CONTACT_NUMBER, INVALID_PARAM_EMAIL_ID, INVALID_PARAM_ADDRESS, INVALID_PARAM_CITY, INVALID_PARAM_REGION, INVALID_PARAM_COUNTRY, INVALID_PARAM_POSTAL_CODE */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description INVALID_API_KEY, INVALID_TOKEN, TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description NO_RECORDS_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description USER_NAME_ALREADY_EXISTS */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SOMETHING_WENT_WRONG */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    change_display_picture: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["PictureUpload"];
            };
        };
        responses: {
            /** @description The new picture's id */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope_String"];
                };
            };
            /** @description INVALID_PARAM_FILES: no picture part, several, empty, not a JPEG, PNG or WebP picture, too many pixels, or too many parts */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description INVALID_API_KEY, INVALID_TOKEN, TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description NO_RECORDS_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description REQUEST_TIMEOUT: the body did not arrive within server.body_read_timeout_seconds */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description IMAGE_UPLOAD_FAILED, SOMETHING_WENT_WRONG */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    request_password_change: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The concurrency stamp */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope_String"];
                };
            };
            /** @description INVALID_CONTACT_BOOK_DETAILS_INFO */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description INVALID_API_KEY, INVALID_TOKEN, TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description NO_RECORDS_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description CONCURRENCY_STAMP_CREATE_FAILED, SOMETHING_WENT_WRONG */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    change_password: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChangePasswordRequest"];
            };
        };
        responses: {
            /** @description The contact id */
            200: {
                headers: {
                    /** @description A fresh session token */
                    "X-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope_String"];
                };
            };
            /** @description INVALID_INPUT_PARAM, INVALID_PARAM_EXISTING_PASSWORD, INVALID_PARAM_NEW_PASSWORD, INVALID_PARAM_CONCURRENCY_STAMP, MISMATCH_EXISTING_PASSWORD, INVALID_CONTACT_BOOK_DETAILS_INFO */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description INVALID_API_KEY, INVALID_TOKEN, TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description NO_RECORDS_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description CHANGE_PASSWORD_FAILED */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description TOO_MANY_REQUESTS: the user name was tried too often; `Retry-After` says when to try again */
            429: {
                headers: {
                    /** @description Seconds until an attempt is admitted again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SOMETHING_WENT_WRONG */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SERVICE_UNAVAILABLE: the database cannot be reached, or too many passwords are being checked at once (then with `Retry-After: 1`) */
            503: {
                headers: {
                    /** @description Seconds to wait, when the password checks are overloaded */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The ended session's id */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope_String"];
                };
            };
            /** @description INVALID_API_KEY, INVALID_TOKEN, TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description NO_RECORDS_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SOMETHING_WENT_WRONG */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    sessions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The live sessions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope_Vec_SessionDto"];
                };
            };
            /** @description INVALID_API_KEY, INVALID_TOKEN, TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description NO_RECORDS_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SOMETHING_WENT_WRONG */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    end_other_sessions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description How many sessions were ended */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Envelope_u64"];
                };
            };
            /** @description INVALID_API_KEY, INVALID_TOKEN, TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description NO_RECORDS_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SOMETHING_WENT_WRONG */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    invoices: {
        parameters: {
            query?: {
                /** @description The page, from 1 (default 1) to 1,000,000; past the last page: an empty page. */
                pageNumber?: number;
                /** @description Items per page, 1 to 100 (default 20). */
                pageSize?: number;
                /** @description Only entries dated on or after this day (`YYYY-MM-DD`). */
                fromDate?: string;
                /** @description Only entries dated on or before this day (`YYYY-MM-DD`). */
                toDate?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of invoices */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PagedEnvelope_Vec_InvoiceLineDto"];
                };
            };
            /** @description INVALID_PARAM_PAGE (pageNumber below 1, pageSize not 1–100, not an integer), INVALID_PARAM_DATE (not YYYY-MM-DD, or fromDate after toDate) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description INVALID_API_KEY, INVALID_TOKEN, TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description NO_RECORDS_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SOMETHING_WENT_WRONG */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    credit_notes: {
        parameters: {
            query?: {
                /** @description The page, from 1 (default 1) to 1,000,000; past the last page: an empty page. */
                pageNumber?: number;
                /** @description Items per page, 1 to 100 (default 20). */
                pageSize?: number;
                /** @description Only entries dated on or after this day (`YYYY-MM-DD`). */
                fromDate?: string;
                /** @description Only entries dated on or before this day (`YYYY-MM-DD`). */
                toDate?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of credit notes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PagedEnvelope_Vec_CreditNoteDto"];
                };
            };
            /** @description INVALID_PARAM_PAGE, INVALID_PARAM_DATE */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description INVALID_API_KEY, INVALID_TOKEN, TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description NO_RECORDS_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SOMETHING_WENT_WRONG */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    receipts: {
        parameters: {
            query?: {
                /** @description The page, from 1 (default 1) to 1,000,000; past the last page: an empty page. */
                pageNumber?: number;
                /** @description Items per page, 1 to 100 (default 20). */
                pageSize?: number;
                /** @description Only entries dated on or after this day (`YYYY-MM-DD`). */
                fromDate?: string;
                /** @description Only entries dated on or before this day (`YYYY-MM-DD`). */
                toDate?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of receipt vouchers */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PagedEnvelope_Vec_ReceiptDto"];
                };
            };
            /** @description INVALID_PARAM_PAGE, INVALID_PARAM_DATE */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description INVALID_API_KEY, INVALID_TOKEN, TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description NO_RECORDS_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SOMETHING_WENT_WRONG */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    payment_vouchers: {
        parameters: {
            query?: {
                /** @description The page, from 1 (default 1) to 1,000,000; past the last page: an empty page. */
                pageNumber?: number;
                /** @description Items per page, 1 to 100 (default 20). */
                pageSize?: number;
                /** @description Only entries dated on or after this day (`YYYY-MM-DD`). */
                fromDate?: string;
                /** @description Only entries dated on or before this day (`YYYY-MM-DD`). */
                toDate?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of payment vouchers */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PagedEnvelope_Vec_PaymentVoucherDto"];
                };
            };
            /** @description INVALID_PARAM_PAGE, INVALID_PARAM_DATE */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description INVALID_API_KEY, INVALID_TOKEN, TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description NO_RECORDS_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SOMETHING_WENT_WRONG */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    ledger: {
        parameters: {
            query?: {
                /** @description The page, from 1 (default 1) to 1,000,000; past the last page: an empty page. */
                pageNumber?: number;
                /** @description Items per page, 1 to 100 (default 20). */
                pageSize?: number;
                /** @description Only entries dated on or after this day (`YYYY-MM-DD`). */
                fromDate?: string;
                /** @description Only entries dated on or before this day (`YYYY-MM-DD`). */
                toDate?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the ledger */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PagedEnvelope_Vec_LedgerEntryDto"];
                };
            };
            /** @description INVALID_PARAM_PAGE, INVALID_PARAM_DATE */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description INVALID_API_KEY, INVALID_TOKEN, TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description NO_RECORDS_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SOMETHING_WENT_WRONG */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    serve_picture: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag of a copy the client has */
                "If-None-Match"?: string | null;
            };
            path: {
                /** @description The picture's id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The picture */
            200: {
                headers: {
                    /** @description private, max-age=31536000, immutable */
                    "Cache-Control"?: string;
                    /** @description The picture's version: it never changes */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "image/jpeg": Blob;
                    "image/png": Blob;
                    "image/webp": Blob;
                };
            };
            /** @description Not modified: the client's copy (If-None-Match) is this picture */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SOMETHING_WENT_WRONG */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
    openapi_json: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI document */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
        };
    };
    reference_page: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An HTML page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": unknown;
                };
            };
        };
    };
}
