--
-- PostgreSQL database dump
--

SET statement_timeout = 0;
SET client_encoding = 'UTF8';

CREATE TABLE public.customers (
    id integer NOT NULL,
    first_name text,
    last_name text,
    email text,
    phone text,
    birth_date date
);

CREATE TABLE public.payments (
    id integer NOT NULL,
    customer_id integer,
    card_number text,
    note text
);

COPY public.customers (id, first_name, last_name, email, phone, birth_date) FROM stdin;
1	Hanna	Schmidt	hanna.schmidt@example.de	+49 30 12345678	1990-07-03
2	Piotr	Nowak	piotr.nowak@example.pl	\N	1985-12-24
\.

COPY public.payments (id, customer_id, card_number, note) FROM stdin;
1	1	4111111111111111	first\tpayment
2	2	5555555555554444	refund to piotr.nowak@example.pl
\.

INSERT INTO public.customers (id, first_name, last_name, email, phone, birth_date) VALUES (3, 'Chloé', 'O''Neil', 'chloe.oneil@example.ie', '+353 85 123 4567', '1992-01-15'::date), (4, 'Marco', 'Bianchi', 'marco.bianchi@example.it', NULL, '1970-05-09');
INSERT INTO public.payments VALUES (3, 3, '4012888888881881', upper('paid, (on time)'));
