--
-- PostgreSQL database dump
--

\restrict 9XkQ2

SET statement_timeout = 0;
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);

CREATE TABLE public.customers (
    id integer NOT NULL,
    full_name text,
    email character varying(255),
    address text,
    balance numeric(10,2) DEFAULT 0.00,
    CONSTRAINT customers_pkey PRIMARY KEY (id)
);

CREATE FUNCTION public.touch() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  NEW.note := 'it''s; (tricky';
  RAISE NOTICE 'don''t';
  RETURN NEW;
END;
$$;

CREATE TABLE public.products (
    id integer,
    name text,
    price numeric(8,2),
    CHECK (price > 0)
);

--
-- Data for Name: customers; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.customers (id, full_name, email, address, balance) FROM stdin;
1	Alice Martin	alice@example.com	12 Rue de la Paix\tParis	10.00
2	Bob O'Neil	\N	C:\\Users\\bob	0.00
3	Carol King	carol@example.org	\N	5.50
\.

COPY public.products (id, name, price) FROM stdin;
1	Widget	9.99
2	Gadget	19.99
\.

INSERT INTO public.customers (id, full_name, email, address, balance) VALUES (4, 'Dan O''Brien, Jr. (III)', 'dan@example.com', '1 Main St', 1.00);
INSERT INTO public.customers VALUES (5, 'Eve Adams', NULL, E'5 Elm St\nApt 2', 2.50), (6, 'Frank Li', 'frank@example.net', upper(concat('7 Oak', ', ', 'Ave')), '3.25'::numeric);
INSERT INTO public.products VALUES (3, 'Gizmo', 4.99);
INSERT INTO orders (id, placed, note) VALUES (1, '2020-01-01'::date, 'first, (one)'); -- done

\unrestrict 9XkQ2
